// The official templates every company sees. Their ids are stable (workspaces and the templates table
// refer to them); their steps go through the contract schema here, so defaults are filled in exactly as
// for a company's own templates.
import { type TemplateStep, type TemplateStepInput, templateStepSchema } from '@youarecoder/contract';

/** An official template, as the templates service upserts it. */
export interface OfficialTemplate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly steps: TemplateStep[];
}

/** The extension every official template but Blank installs (server/templates/extensions/). */
export const WELCOME_VSIX = 'bundled:youarecoder-welcome.vsix';

const steps = (input: TemplateStepInput[]): TemplateStep[] => input.map((s) => templateStepSchema.parse(s));

const NODE_INDEX = `// Start here: \`node index.js\` in the terminal (Ctrl+\`), or Run > Start Debugging.
const name = process.env.YAC_WORKSPACE_NAME ?? 'world';

console.log(\`Hello from \${name}, on Node \${process.version}!\`);
`;

const NODE_PACKAGE = `${JSON.stringify(
  {
    name: 'my-app',
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: { start: 'node index.js' },
  },
  null,
  2,
)}\n`;

const PYTHON_MAIN = `"""Start here: \`python3 main.py\` in the terminal (Ctrl+\`)."""
import os
import sys


def main() -> None:
    name = os.environ.get("YAC_WORKSPACE_NAME", "world")
    print(f"Hello from {name}, on Python {sys.version.split()[0]}!")


if __name__ == "__main__":
    main()
`;

/** The official templates, in the order the portal lists them. */
export const OFFICIAL_TEMPLATES: readonly OfficialTemplate[] = Object.freeze([
  {
    id: 'tpl_blank',
    name: 'Blank',
    description: 'An empty project folder with a README. Start from scratch.',
    steps: steps([
      {
        type: 'files',
        name: 'Write README.md',
        timeoutSeconds: 30,
        files: [
          {
            path: 'README.md',
            content:
              '# My project\n\nAn empty YouAreCoder workspace. Open a terminal with Ctrl+` to begin.\n',
          },
        ],
      },
    ]),
  },
  {
    id: 'tpl_node',
    name: 'Node.js',
    description: 'A Node.js project (package.json, index.js) with editor settings for JavaScript.',
    steps: steps([
      {
        type: 'files',
        name: 'Write the project files',
        timeoutSeconds: 30,
        files: [
          { path: 'package.json', content: NODE_PACKAGE },
          { path: 'index.js', content: NODE_INDEX },
          { path: '.gitignore', content: 'node_modules/\n.env\n' },
          {
            path: 'README.md',
            content:
              '# My Node.js app\n\nRun it with `npm start` (or `node index.js`). Node comes with the workspace: `node --version`.\n',
          },
        ],
      },
      {
        type: 'settings',
        name: 'Editor settings for JavaScript',
        timeoutSeconds: 30,
        settings: {
          'editor.tabSize': 2,
          'editor.formatOnSave': false,
          'files.trimTrailingWhitespace': true,
          'files.insertFinalNewline': true,
          'files.exclude': { '**/node_modules': true },
        },
      },
      {
        type: 'extensions',
        name: 'Install the YouAreCoder welcome extension',
        timeoutSeconds: 120,
        retries: 1,
        fatal: false,
        vsix: [WELCOME_VSIX],
      },
      {
        type: 'shell',
        name: 'Record the Node.js version',
        timeoutSeconds: 30,
        fatal: false,
        script: 'node --version > .node-version\necho "Node $(cat .node-version)"\n',
      },
    ]),
  },
  {
    id: 'tpl_python',
    name: 'Python',
    description: 'A Python project (main.py, requirements.txt) with editor settings for Python.',
    steps: steps([
      {
        type: 'files',
        name: 'Write the project files',
        timeoutSeconds: 30,
        files: [
          { path: 'main.py', content: PYTHON_MAIN },
          { path: 'requirements.txt', content: '# One package per line, e.g. requests==2.32.3\n' },
          { path: '.gitignore', content: '__pycache__/\n*.pyc\n.venv/\n' },
          {
            path: 'README.md',
            content:
              '# My Python app\n\nRun it with `python3 main.py`. Make a virtual environment with `python3 -m venv .venv`.\n',
          },
        ],
      },
      {
        type: 'settings',
        name: 'Editor settings for Python',
        timeoutSeconds: 30,
        settings: {
          '[python]': { 'editor.tabSize': 4, 'editor.insertSpaces': true },
          'files.trimTrailingWhitespace': true,
          'files.insertFinalNewline': true,
          'files.exclude': { '**/__pycache__': true, '**/*.pyc': true },
        },
      },
      {
        // Workspaces in containers get Python from Debian; on a host without containers the step says
        // why it cannot, and the check below tells whether the host has Python.
        type: 'system_packages',
        name: 'Install Python 3 and venv',
        timeoutSeconds: 600,
        retries: 1,
        fatal: false,
        packages: ['python3', 'python3-venv', 'python3-pip'],
      },
      {
        type: 'shell',
        name: 'Check for Python 3',
        timeoutSeconds: 30,
        fatal: false,
        script: [
          'if command -v python3 >/dev/null 2>&1; then',
          '  python3 --version',
          'else',
          '  echo "python3 is not installed on this host: install it to run main.py" >&2',
          '  exit 1',
          'fi',
          '',
        ].join('\n'),
      },
    ]),
  },
]);
