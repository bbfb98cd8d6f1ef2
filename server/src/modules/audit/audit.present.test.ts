import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors.ts';
import { auditCsv, csvCell, presentAuditEvent } from './audit.present.ts';
import { decodeCursor, encodeCursor } from './audit.read.ts';
import type { AuditEventRow } from './audit.repo.ts';

const row: AuditEventRow = {
  id: 'aud_1',
  companyId: 'cmp_1',
  actorUserId: 'usr_1',
  actorEmail: 'ayse@example.com',
  action: 'user.login',
  targetType: 'user',
  targetId: 'usr_1',
  ip: '::1',
  userAgent: 'Mozilla/5.0 (X11; Linux)',
  diff: null,
  metadata: { remember: true },
  requestId: 'req_secret',
  createdAt: new Date('2026-11-26T09:00:00.123Z'),
};

describe('csvCell', () => {
  it('leaves plain values alone and writes null as an empty cell', () => {
    expect(csvCell('user.login')).toBe('user.login');
    expect(csvCell(null)).toBe('');
    expect(csvCell('')).toBe('');
    expect(csvCell('Şule Öztürk')).toBe('Şule Öztürk');
  });

  it('quotes commas, quotes and line breaks, doubling quotes (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
    expect(csvCell('one\r\ntwo')).toBe('"one\r\ntwo"');
  });

  it('prefixes cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('presentAuditEvent / auditCsv', () => {
  it('whitelists fields: no company id, no request id', () => {
    const dto = presentAuditEvent(row);
    expect(dto).toEqual({
      id: 'aud_1',
      createdAt: '2026-11-26T09:00:00.123Z',
      action: 'user.login',
      actor: { id: 'usr_1', email: 'ayse@example.com' },
      targetType: 'user',
      targetId: 'usr_1',
      ip: '::1',
      userAgent: 'Mozilla/5.0 (X11; Linux)',
      diff: null,
      metadata: { remember: true },
    });
    expect(presentAuditEvent({ ...row, actorUserId: null, actorEmail: null }).actor).toBeNull();
  });

  it('writes a BOM, a header row and CRLF-terminated rows', () => {
    const csv = auditCsv([presentAuditEvent(row)]);
    expect(csv.startsWith('\uFEFFid,createdAt,action,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(
      'aud_1,2026-11-26T09:00:00.123Z,user.login,usr_1,ayse@example.com,user,usr_1,::1,Mozilla/5.0 (X11; Linux),,"{""remember"":true}"',
    );
    expect(auditCsv([]).slice(1).split('\r\n')).toHaveLength(2);
  });
});

describe('cursor', () => {
  it('round-trips and is opaque URL-safe text', () => {
    const c = encodeCursor(row);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c)).toEqual({ createdAt: row.createdAt, id: 'aud_1' });
  });

  it('refuses tampered cursors with a field error', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const bad of [
      '',
      '!!!',
      b64('nonsense'),
      b64('2026-11-26T09:00:00Z|'),
      b64('not a date|aud_1'),
      b64('2026-11-26T09:00:00Z|aud 1'),
      b64('2026-11-26T09:00:00Z|a|b'),
    ]) {
      let err: unknown;
      try {
        decodeCursor(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(AppError);
      expect((err as AppError).fields).toHaveProperty('cursor');
    }
  });
});
