import type { Locale } from '@youarecoder/contract';

/** The product name as it appears in every message. */
export const PRODUCT = 'YouAreCoder';

/** Escape text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** What a template says, before it is laid out as HTML and text. */
export interface Parts {
  subject: string;
  greeting?: string;
  /** Plain text; a newline inside one becomes a line break in HTML. */
  paragraphs: string[];
  action?: { label: string; url: string };
  footer: string;
  /** The layout's own language when the words are in another one than the recipient's locale. */
  lang?: Locale;
}

/** Builders of some templates: data and locale to parts. */
export type BuildersOf<T> = { [K in keyof T]: (d: T[K], l: Locale) => Parts };

/** The message as HTML, with every piece of text escaped. */
export function toHtml(p: Parts, locale: Locale): string {
  const e = escapeHtml;
  const lang = p.lang ?? locale;
  const button = p.action
    ? `<p style="margin:24px 0"><a href="${e(p.action.url)}" style="background:#4f46e5;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${e(p.action.label)}</a></p>
<p style="font-size:13px;color:#555">${lang === 'tr' ? 'Düğme çalışmazsa bu bağlantıyı tarayıcınıza yapıştırın:' : 'If the button does not work, paste this link into your browser:'}<br><a href="${e(p.action.url)}">${e(p.action.url)}</a></p>`
    : '';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${e(p.subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:24px">
<p style="font-weight:bold;font-size:18px;color:#4f46e5">${PRODUCT}</p>
${p.greeting ? `<p>${e(p.greeting)}</p>\n` : ''}${p.paragraphs.map((x) => `<p>${e(x).replace(/\n/g, '<br>')}</p>`).join('\n')}
${button}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0">
<p style="font-size:12px;color:#777">${e(p.footer)}</p>
</body></html>`;
}

/** The message as plain text. */
export function toText(p: Parts): string {
  return [
    PRODUCT,
    '',
    ...(p.greeting ? [p.greeting, ''] : []),
    ...p.paragraphs.flatMap((x) => [x, '']),
    ...(p.action ? [`${p.action.label}: ${p.action.url}`, ''] : []),
    '--',
    p.footer,
    '',
  ].join('\n');
}
