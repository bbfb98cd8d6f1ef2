// How steps are named in the provisioning view when the template gives no name, and keeping credentials
// of clone URLs out of everything shown.
import type { TemplateStep } from '@youarecoder/contract';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function cut(s: string, max = 80): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** A URL with any user name and password replaced by `***` (`https://***@host/…`). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}

/** `text` with every appearance of the credentials of `url` (user:password@) hidden. */
export function redactCredentials(text: string, url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/@]*)@/i.exec(url);
  if (!m?.[1]) return text;
  return text.split(url).join(redactUrl(url)).split(`${m[1]}@`).join('***@');
}

/** The step's name, or a default one from its type and content (at most 80 characters). */
export function stepLabel(step: TemplateStep): string {
  const name = step.name?.trim();
  if (name) return cut(name);
  switch (step.type) {
    case 'files':
      return `Write ${plural(step.files.length, 'file', 'files')}`;
    case 'env':
      return `Set ${plural(Object.keys(step.variables).length, 'environment variable', 'environment variables')}`;
    case 'git_clone':
      return cut(`Clone ${redactUrl(step.url)}${step.directory ? ` into ${step.directory}` : ''}`);
    case 'extensions':
      return `Install ${plural(step.vsix.length, 'extension', 'extensions')}`;
    case 'settings':
      return `Apply ${plural(Object.keys(step.settings).length, 'setting', 'settings')}`;
    case 'shell': {
      const first = step.script
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '' && !l.startsWith('#') && !/^set\s+-/.test(l));
      return first ? cut(`Run: ${first}`) : 'Run a shell script';
    }
    case 'system_packages':
      return cut(`Install ${step.packages.join(', ')}`);
  }
}
