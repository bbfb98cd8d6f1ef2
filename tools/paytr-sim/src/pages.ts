import { DECLINE_CARD, SUCCESS_CARDS, TEST_CVC, THREE_DS_FAIL_CARD } from './cards.ts';
import { currencySymbol, formatDisplay, installmentTotal, parseDecimal } from './money.ts';
import { allowedInstallments } from './payments.ts';
import type { Order } from './types.ts';

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const TEXT = {
  tr: {
    title: 'Güvenli Ödeme',
    total: 'Ödenecek tutar',
    owner: 'Kart üzerindeki isim',
    number: 'Kart numarası',
    expiry: 'Son kullanma tarihi (AA/YY)',
    cvc: 'Güvenlik kodu (CVC)',
    installments: 'Taksit',
    single: 'Tek çekim',
    perMonth: 'taksit',
    pay: 'Öde',
    testCards: 'Test kartları',
    succeeds: 'başarılı',
    limit: 'reddedilir: limit yetersiz',
    threeDs: 'reddedilir: 3-D Secure doğrulaması başarısız',
    anyExpiry: `Son kullanma: gelecekte herhangi bir tarih, CVC: ${TEST_CVC}`,
    redirecting: 'Yönlendiriliyorsunuz…',
    continue: 'Devam et',
  },
  en: {
    title: 'Secure payment',
    total: 'Amount to pay',
    owner: 'Name on card',
    number: 'Card number',
    expiry: 'Expiry date (MM/YY)',
    cvc: 'Security code (CVC)',
    installments: 'Installments',
    single: 'Single payment',
    perMonth: 'installments',
    pay: 'Pay',
    testCards: 'Test cards',
    succeeds: 'succeeds',
    limit: 'declined: insufficient limit',
    threeDs: 'declined: 3-D Secure verification fails',
    anyExpiry: `Expiry: any future date, CVC: ${TEST_CVC}`,
    redirecting: 'Redirecting…',
    continue: 'Continue',
  },
} as const;

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433;background:#f3f5f9}
main{max-width:520px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(16,24,40,.12);padding:20px}
header{display:flex;align-items:center;justify-content:space-between;margin-bottom:12px}
.brand{font-weight:700;font-size:17px;color:#0b5cad}
.badge{background:#f59e0b;color:#fff;font-size:12px;font-weight:700;border-radius:999px;padding:2px 10px}
.amount{font-size:28px;font-weight:700;margin:2px 0 12px}
.muted{color:#667085;font-size:13px}
table{width:100%;border-collapse:collapse;font-size:13px;margin-bottom:16px}
td{padding:4px 0;border-bottom:1px solid #eef0f4}td.r{text-align:right;white-space:nowrap}
label{display:block;font-size:13px;font-weight:600;margin:12px 0 4px}
input,select{width:100%;padding:10px 12px;border:1px solid #cfd5e0;border-radius:8px;font:inherit;background:#fff}
input:focus,select:focus{outline:2px solid #0b5cad33;border-color:#0b5cad}
.row{display:flex;gap:12px}.row>div{flex:1}
button{margin-top:18px;width:100%;padding:12px;border:0;border-radius:8px;background:#0b5cad;color:#fff;
font:inherit;font-weight:700;font-size:16px;cursor:pointer}
button:hover{background:#094a8c}
.error{background:#fdecec;color:#a61b1b;border-radius:8px;padding:10px 12px;margin-bottom:8px;font-size:14px}
.tests{margin-top:16px;background:#f8fafc;border:1px dashed #cfd5e0;border-radius:8px;padding:10px 12px;font-size:13px}
.tests ul{margin:6px 0;padding-left:18px}.tests code{font-size:12.5px}
`;

function layout(lang: 'tr' | 'en', title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

function spaced(n: string): string {
  return n.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Values the payer typed, kept when the form comes back with an error (never the CVC). */
export interface FormValues {
  owner?: string;
  number?: string;
  expiry?: string;
  installments?: number;
}

/** The checkout page shown in the merchant's iframe for /odeme/guvenli/<token>. */
export function checkoutPage(order: Order, action: string, error?: string, values: FormValues = {}): string {
  const t = TEXT[order.lang];
  const money = (minor: number) => `${currencySymbol(order.currency)}${formatDisplay(minor, order.lang)}`;
  const unitPrice = (text: string) => {
    const minor = parseDecimal(text);
    return minor === null ? `${currencySymbol(order.currency)}${text}` : money(minor);
  };
  const lines = order.basket
    .map(
      (l) =>
        `<tr><td>${esc(l.name)}${l.quantity > 1 ? ` × ${l.quantity}` : ''}</td>` +
        `<td class="r">${esc(unitPrice(l.unitPrice))}</td></tr>`,
    )
    .join('');
  const choices = allowedInstallments(order);
  const select =
    choices.length > 1
      ? `<label for="installment_count">${t.installments}</label>
<select id="installment_count" name="installment_count">${choices
          .map((n) => {
            const label =
              n === 1
                ? `${t.single} — ${money(order.paymentAmount)}`
                : `${n} ${t.perMonth} — ${money(installmentTotal(order.paymentAmount, n))}`;
            const selected = n === (values.installments ?? 1) ? ' selected' : '';
            return `<option value="${n}"${selected}>${esc(label)}</option>`;
          })
          .join('')}</select>`
      : '';
  const body = `<div class="card">
<header><span class="brand">PayTR simulator</span>${order.testMode ? '<span class="badge" data-testid="test-badge">TEST</span>' : ''}</header>
<div class="muted">${t.total}</div>
<div class="amount" data-testid="amount">${esc(money(order.paymentAmount))}</div>
<table>${lines}</table>
${error ? `<div class="error" role="alert">${esc(error)}</div>` : ''}
<form method="post" action="${esc(action)}" autocomplete="on">
<label for="cc_owner">${t.owner}</label>
<input id="cc_owner" name="cc_owner" autocomplete="cc-name" maxlength="50" required value="${esc(values.owner ?? '')}">
<label for="cc_number">${t.number}</label>
<input id="cc_number" name="cc_number" autocomplete="cc-number" inputmode="numeric" maxlength="23" required
 placeholder="0000 0000 0000 0000" value="${esc(values.number ?? '')}">
<div class="row"><div><label for="cc_expiry">${t.expiry}</label>
<input id="cc_expiry" name="cc_expiry" autocomplete="cc-exp" inputmode="numeric" maxlength="7" required placeholder="MM/YY"
 value="${esc(values.expiry ?? '')}"></div>
<div><label for="cc_cvc">${t.cvc}</label>
<input id="cc_cvc" name="cc_cvc" autocomplete="cc-csc" inputmode="numeric" maxlength="4" required placeholder="000"></div></div>
${select}
<button type="submit" id="pay">${t.pay}</button>
</form>
<div class="tests" data-testid="test-cards"><strong>${t.testCards}</strong><ul>
${SUCCESS_CARDS.map((c) => `<li><code>${spaced(c)}</code> — ${t.succeeds}</li>`).join('\n')}
<li><code>${spaced(DECLINE_CARD)}</code> — ${t.limit}</li>
<li><code>${spaced(THREE_DS_FAIL_CARD)}</code> — ${t.threeDs}</li>
</ul><span class="muted">${esc(t.anyExpiry)}</span></div>
</div>`;
  return layout(order.lang, `${t.title} — PayTR simulator`, body);
}

/** A page for a token that cannot be paid (unknown, expired or already used). */
export function errorPage(lang: 'tr' | 'en', title: string, message: string): string {
  return layout(
    lang,
    title,
    `<div class="card"><header><span class="brand">PayTR simulator</span></header>
<h1 style="font-size:20px;margin:4px 0 8px">${esc(title)}</h1><p class="muted" data-testid="error">${esc(message)}</p></div>`,
  );
}

/**
 * The answer to a submitted payment. The page lives in the merchant's iframe, so only a script can move the whole
 * window to the merchant's return URL; the link covers browsers with scripts off.
 */
export function redirectPage(lang: 'tr' | 'en', url: string): string {
  const t = TEXT[lang];
  // JSON.stringify quotes the URL for JavaScript; escaping "<" keeps "</script>" in a URL from ending the tag.
  const js = JSON.stringify(url).replace(/</g, '\\u003c');
  return layout(
    lang,
    t.redirecting,
    `<div class="card"><p>${t.redirecting}</p><p><a href="${esc(url)}" target="_top">${t.continue}</a></p></div>
<script>window.top.location.href = ${js};</script>`,
  );
}
