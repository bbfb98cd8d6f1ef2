// The gateway's own HTML pages (English and Turkish): not found, refused links, and the states of a
// workspace that is not running. Self-contained: inline CSS, no script, no external asset.
import type { WorkspaceStatus } from '@youarecoder/contract';
import { parseTransitionNote, type TransitionNote } from '@youarecoder/contract/workspace-rules';
import type { Locale } from './gateway.policy.ts';

/** A page as the gateway answers it. */
export interface GatewayPage {
  status: number;
  html: string;
}

/** One provisioning step as the progress page lists it. */
export interface PageStep {
  index: number;
  name: string;
  status: string;
}

const STATUS_TEXT: Record<Locale, Record<WorkspaceStatus, string>> = {
  en: {
    pending: 'waiting to be prepared',
    provisioning: 'being prepared',
    starting: 'starting',
    running: 'running',
    stopping: 'stopping',
    stopped: 'stopped',
    failed: 'failed',
    deleting: 'being deleted',
  },
  tr: {
    pending: 'hazırlanmayı bekliyor',
    provisioning: 'hazırlanıyor',
    starting: 'başlatılıyor',
    running: 'çalışıyor',
    stopping: 'durduruluyor',
    stopped: 'durduruldu',
    failed: 'başarısız oldu',
    deleting: 'siliniyor',
  },
};

const STEP_TEXT: Record<Locale, Record<string, string>> = {
  en: {
    pending: 'waiting',
    running: 'running',
    succeeded: 'done',
    failed: 'failed',
    skipped: 'skipped',
    rolled_back: 'rolled back',
  },
  tr: {
    pending: 'bekliyor',
    running: 'çalışıyor',
    succeeded: 'tamamlandı',
    failed: 'başarısız',
    skipped: 'atlandı',
    rolled_back: 'geri alındı',
  },
};

const T = {
  en: {
    notFoundTitle: 'Workspace not found',
    notFound: 'There is no workspace at this address, or you cannot open it.',
    toPortal: 'Go to the portal',
    badLinkTitle: 'This link is not valid',
    badLink: 'The address you followed is malformed or points elsewhere.',
    ticketTitle: 'This sign-in link has expired',
    ticket: 'Links into a workspace work once and only for a minute.',
    startOver: 'Start over',
    forbiddenTitle: 'Request refused',
    forbidden: 'The form was stale or came from another page. Reload the workspace and try again.',
    reload: 'Reload',
    workspace: 'Workspace',
    is: 'is',
    reason: 'Reason',
    start: 'Start',
    steps: 'Progress',
    refreshing: 'This page refreshes itself.',
    deleting: 'It cannot be opened any more.',
    startFailedTitle: 'The workspace could not be started',
    startFailed: 'Starting it failed unexpectedly. Try again in a moment.',
    errorTitle: 'Something went wrong',
    error: 'The gateway could not answer this request. Try again in a moment.',
  },
  tr: {
    notFoundTitle: 'Çalışma alanı bulunamadı',
    notFound: 'Bu adreste bir çalışma alanı yok ya da onu açma yetkiniz yok.',
    toPortal: 'Portala git',
    badLinkTitle: 'Bu bağlantı geçersiz',
    badLink: 'İzlediğiniz adres hatalı ya da başka bir yeri gösteriyor.',
    ticketTitle: 'Bu giriş bağlantısının süresi doldu',
    ticket: 'Çalışma alanı bağlantıları yalnızca bir kez ve bir dakika içinde kullanılabilir.',
    startOver: 'Baştan başla',
    forbiddenTitle: 'İstek reddedildi',
    forbidden: 'Form eskimiş ya da başka bir sayfadan gönderilmiş. Çalışma alanını yenileyip tekrar deneyin.',
    reload: 'Yenile',
    workspace: 'Çalışma alanı',
    is: 'durumu:',
    reason: 'Neden',
    start: 'Başlat',
    steps: 'İlerleme',
    refreshing: 'Bu sayfa kendini yeniler.',
    deleting: 'Artık açılamaz.',
    startFailedTitle: 'Çalışma alanı başlatılamadı',
    startFailed: 'Başlatma beklenmedik şekilde başarısız oldu. Biraz sonra tekrar deneyin.',
    errorTitle: 'Bir şeyler ters gitti',
    error: 'Ağ geçidi bu isteği yanıtlayamadı. Biraz sonra tekrar deneyin.',
  },
} as const;
/** The gateway pages' texts in each language (E2E sweeps the Turkish pages for the English ones). */
export const GATEWAY_TEXT: { en: Record<string, string>; tr: Record<string, string> } = T;

/** Escape text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// The portal's look (web/src/index.css, Tailwind's slate and indigo, the Brand mark) without its bundle:
// these pages answer on workspace hosts, where the portal's assets are another origin.
const CSS =
  'body{font:16px/1.5 ui-sans-serif,system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a;-webkit-font-smoothing:antialiased}' +
  'header{border-bottom:1px solid #e2e8f0;background:#fff}header div{box-sizing:border-box;max-width:72rem;margin:0 auto;padding:.75rem 1.5rem}' +
  '.brand{display:inline-flex;align-items:center;gap:.5rem;font-weight:600;color:#0f172a;text-decoration:none}' +
  'main{max-width:32rem;margin:10vh auto;padding:0 1rem}' +
  '.card{background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;padding:1.5rem 1.75rem;box-shadow:0 1px 2px rgb(15 23 42/.05)}' +
  'h1{font-size:1.25rem;font-weight:600;margin:0 0 .5rem}p{color:#475569;margin:.5rem 0}a{color:#4f46e5}' +
  'p>a:only-child{display:inline-block;margin-top:.5rem;font-weight:500}' +
  '.reason{background:#f1f5f9;border-radius:.5rem;padding:.5rem .75rem;white-space:pre-wrap}' +
  'button{font:inherit;font-weight:500;background:#4f46e5;color:#fff;border:0;border-radius:.375rem;padding:.5rem 1.25rem;cursor:pointer}' +
  'button:hover{background:#4338ca}:focus-visible{outline:2px solid #4f46e5;outline-offset:2px}' +
  'ol{padding-left:1.25rem}li{margin:.2rem 0}.s{color:#64748b}.s-failed{color:#b91c1c}.s-succeeded{color:#047857}' +
  '.s-running{color:#4338ca;font-weight:600}';

const MARK =
  '<svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28"><rect width="32" height="32" rx="7" fill="#4f46e5"/>' +
  '<path d="M12 10l-6 6 6 6M20 10l6 6-6 6" fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/></svg>';

function layout(locale: Locale, title: string, body: string, refresh = ''): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
${refresh}<title>${escapeHtml(title)} · YouAreCoder</title><style>${CSS}</style></head>
<body><header><div><span class="brand">${MARK}<span>YouAreCoder</span></span></div></header>
<main><div class="card"><h1>${escapeHtml(title)}</h1>${body}</div></main></body></html>
`;
}

const para = (s: string) => `<p>${escapeHtml(s)}</p>`;
const link = (href: string, text: string) => `<p><a href="${escapeHtml(href)}">${escapeHtml(text)}</a></p>`;

/** 404: the workspace is missing, another company's, or not open to this user (one page for all). */
export function notFoundPage(locale: Locale, portalUrl: string): GatewayPage {
  const t = T[locale];
  return {
    status: 404,
    html: layout(locale, t.notFoundTitle, para(t.notFound) + link(portalUrl, t.toPortal)),
  };
}

/** 400: a malformed link (a path that would leave the host, a missing parameter). */
export function badLinkPage(locale: Locale, portalUrl: string): GatewayPage {
  const t = T[locale];
  return { status: 400, html: layout(locale, t.badLinkTitle, para(t.badLink) + link(portalUrl, t.toPortal)) };
}

/** 403: a ticket that is unknown, used or expired. */
export function ticketRefusedPage(locale: Locale, startOverUrl: string): GatewayPage {
  const t = T[locale];
  return {
    status: 403,
    html: layout(locale, t.ticketTitle, para(t.ticket) + link(startOverUrl, t.startOver)),
  };
}

/** 403: the Start form came without its CSRF token (or from another origin). */
export function forbiddenPage(locale: Locale): GatewayPage {
  const t = T[locale];
  return { status: 403, html: layout(locale, t.forbiddenTitle, para(t.forbidden) + link('/', t.reload)) };
}

function heading(locale: Locale, name: string, status: WorkspaceStatus): string {
  const t = T[locale];
  return `${t.workspace} ${name} ${t.is} ${STATUS_TEXT[locale][status]}`;
}

/** The server's known state-change notes in Turkish (the portal's `transition.*` texts). */
const NOTE_TR: Record<
  Exclude<TransitionNote['key'], 'startedBy' | 'stoppedBy' | 'restartedBy' | 'idle'>,
  string
> = {
  created: 'oluşturuldu',
  paid: 'yeniden başlatıldı: abonelik ödendi',
  suspended: 'durduruldu: şirketin aboneliği askıya alındı; veriler korunuyor',
  canceled: 'durduruldu: şirketin aboneliği iptal edildi; veriler korunuyor',
  runtime: 'IDE çalışma ortamının kurulması bekleniyor',
  platformStopped: 'platformla birlikte durduruldu (platform --stop-workspaces ile başlatılmıştı)',
};

/** A recorded reason in the reader's language when it is a known note; a failure's own words as they are. */
export function reasonText(locale: Locale, reason: string): string {
  const note = locale === 'tr' ? parseTransitionNote(reason) : null;
  if (!note) return reason;
  switch (note.key) {
    case 'startedBy':
      return `${note.who} başlattı`;
    case 'stoppedBy':
      return `${note.who} durdurdu`;
    case 'restartedBy':
      return `${note.who} yeniden başlattı`;
    case 'idle': {
      const time = [note.hours && `${note.hours} saat`, note.minutes && `${note.minutes} dakika`]
        .filter(Boolean)
        .join(' ');
      return `${time} IDE etkinliği olmadığı için durduruldu`;
    }
    default:
      return NOTE_TR[note.key];
  }
}

function reasonBlock(locale: Locale, reason: string | null): string {
  if (!reason) return '';
  return `<p><strong>${escapeHtml(T[locale].reason)}:</strong></p><p class="reason">${escapeHtml(reasonText(locale, reason))}</p>`;
}

/** 503: stopped or failed, with the reason and a Start button (a form POST with its CSRF token). */
export function stoppedPage(
  locale: Locale,
  ws: { name: string; status: WorkspaceStatus; reason: string | null; csrf: string; action: string },
): GatewayPage {
  const form =
    `<form method="post" action="${escapeHtml(ws.action)}">` +
    `<input type="hidden" name="_csrf" value="${escapeHtml(ws.csrf)}">` +
    `<button type="submit">${escapeHtml(T[locale].start)}</button></form>`;
  return {
    status: 503,
    html: layout(locale, heading(locale, ws.name, ws.status), reasonBlock(locale, ws.reason) + form),
  };
}

/**
 * 503: an operation in flight (pending, provisioning, starting, stopping). With `waitUrl` it refreshes at
 * once to that URL, which the gateway holds until the workspace changes (no script, no timed polling);
 * without, every 2 s.
 */
export function progressPage(
  locale: Locale,
  ws: { name: string; status: WorkspaceStatus; reason: string | null; steps: readonly PageStep[] },
  waitUrl?: string,
): GatewayPage {
  const t = T[locale];
  const items = ws.steps
    .map((s) => {
      const label = STEP_TEXT[locale][s.status] ?? s.status;
      const cls = /^[a-z_]+$/.test(s.status) ? ` s-${s.status}` : '';
      return `<li>${escapeHtml(s.name)} <span class="s${cls}">(${escapeHtml(label)})</span></li>`;
    })
    .join('');
  const steps = items ? `<p><strong>${escapeHtml(t.steps)}</strong></p><ol start="1">${items}</ol>` : '';
  return {
    status: 503,
    html: layout(
      locale,
      heading(locale, ws.name, ws.status),
      `${reasonBlock(locale, ws.reason)}${steps}<p class="s">${escapeHtml(t.refreshing)}</p>`,
      waitUrl
        ? `<meta http-equiv="refresh" content="0; url=${escapeHtml(waitUrl)}">`
        : '<meta http-equiv="refresh" content="2">',
    ),
  };
}

/** 410: being deleted. */
export function deletingPage(locale: Locale, name: string, portalUrl: string): GatewayPage {
  const t = T[locale];
  return {
    status: 410,
    html: layout(locale, heading(locale, name, 'deleting'), para(t.deleting) + link(portalUrl, t.toPortal)),
  };
}

/** 409: the start was refused (quota, plan, a busy workspace…); the message is the service's. */
export function startFailedPage(locale: Locale, message: string): GatewayPage {
  const t = T[locale];
  return { status: 409, html: layout(locale, t.startFailedTitle, para(message) + link('/', t.reload)) };
}

/** The message of a start that failed for an unexpected reason. */
export function genericStartError(locale: Locale): string {
  return T[locale].startFailed;
}

/** 500: an unexpected failure of the gateway itself. */
export function errorPage(locale: Locale): GatewayPage {
  const t = T[locale];
  return { status: 500, html: layout(locale, t.errorTitle, para(t.error)) };
}
