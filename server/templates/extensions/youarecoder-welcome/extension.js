// The YouAreCoder welcome extension: one command, shown once on the first start of a workspace.
// Plain CommonJS without dependencies, so it is packed into a .vsix as is (see templates/bundled.ts).
const vscode = require('vscode');

function welcome() {
  const name = process.env.YAC_WORKSPACE_NAME || 'your workspace';
  void vscode.window.showInformationMessage(
    `Welcome to ${name} on YouAreCoder! Your files live in the project folder; open a terminal with Ctrl+\`.`,
  );
}

/** Called by VS Code once the window has started (activationEvents: onStartupFinished). */
function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand('youarecoder.welcome', welcome));
  if (!context.globalState.get('youarecoder.welcomed')) {
    void context.globalState.update('youarecoder.welcomed', true);
    welcome();
  }
}

function deactivate() {}

module.exports = { activate, deactivate };
