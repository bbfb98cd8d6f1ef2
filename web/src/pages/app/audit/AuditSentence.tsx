import type { AuditEventDto } from '@youarecoder/contract';
import { AUDIT_ACTIONS } from '@youarecoder/contract/constants';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { type MessageKey, useI18n } from '../../../i18n/index.tsx';

/** Names the portal already has, by id: members, workspaces and templates (for links too). */
export interface AuditNames {
  users: Map<string, string>;
  workspaces: Map<string, string>;
  templates: Map<string, string>;
}

const KNOWN: ReadonlySet<string> = new Set(AUDIT_ACTIONS);
const linkCls = 'font-medium text-indigo-700 hover:underline';
const meta = (e: AuditEventDto, key: string) => {
  const v = e.metadata?.[key];
  return typeof v === 'string' && v ? v : null;
};

/** What the event was done to, by name, linked to its page when the portal has one. */
function target(e: AuditEventDto, names: AuditNames): ReactNode {
  const id = e.targetId ?? '';
  const named = (name: string | null | undefined, href?: string) =>
    href ? (
      <Link href={href} className={linkCls}>
        {name}
      </Link>
    ) : (
      <span className="font-medium">{name}</span>
    );
  switch (e.targetType) {
    case 'workspace': {
      const live = names.workspaces.get(id);
      return live ? named(live, `/app/workspaces/${id}`) : named(meta(e, 'name') ?? id);
    }
    case 'template': {
      const live = names.templates.get(id);
      return live ? named(live, `/app/templates/${id}`) : named(meta(e, 'name') ?? id);
    }
    case 'user': {
      const live = names.users.get(id);
      return live ? named(live, '/app/team') : named(meta(e, 'email') ?? meta(e, 'name') ?? id);
    }
    case 'order':
      return named(meta(e, 'merchantOid') ?? id, '/app/billing');
    default:
      return named(meta(e, 'email') ?? meta(e, 'domain') ?? meta(e, 'name') ?? meta(e, 'fileName') ?? id);
  }
}

/** Fill `{name}` placeholders with React nodes. */
function fill(template: string, vars: Record<string, ReactNode>): ReactNode[] {
  return template.split(/(\{\w+\})/).map((part, i) => {
    const m = /^\{(\w+)\}$/.exec(part);
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence
    return m?.[1] && m[1] in vars ? <span key={i}>{vars[m[1]]}</span> : part;
  });
}

/** An audit event as a sentence in the reader's language: who did what to which (named, linked). */
export function AuditSentence({ e, names }: { e: AuditEventDto; names: AuditNames }) {
  const { t, locale } = useI18n();
  const who = e.actor ? (names.users.get(e.actor.id) ?? e.actor.email ?? e.actor.id) : null;
  const system = t('audit.system');
  const actor = who ?? system.charAt(0).toLocaleUpperCase(locale === 'tr' ? 'tr-TR' : 'en') + system.slice(1);
  const key = (KNOWN.has(e.action) ? `audit.sentence.${e.action}` : 'audit.sentence.unknown') as MessageKey;
  return (
    <span data-testid="audit-sentence">
      {fill(t(key, {}), {
        actor: <span className="font-medium">{actor}</span>,
        target: target(e, names),
        action: <code>{e.action}</code>,
      })}
    </span>
  );
}
