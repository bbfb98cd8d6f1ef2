import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  downstreamResponseHeaders,
  filterCookieHeader,
  filterSetCookie,
  headersFromRaw,
  platformCookieFilter,
  upstreamRequestHeaders,
} from './headers.ts';

const isPlatform = platformCookieFilter(['yac_session'], ['yac_']);
const forwarded = { clientIp: '127.0.0.1', proto: 'https' as const, host: 'w--c.example.com' };

describe('cookie filters', () => {
  it('matches names and prefixes case-insensitively', () => {
    expect(isPlatform('yac_session')).toBe(true);
    expect(isPlatform('YAC_WS')).toBe(true);
    expect(isPlatform('theme')).toBe(false);
    expect(platformCookieFilter(['s'], [''])('other')).toBe(false);
  });

  it('drops platform cookies from a Cookie header and keeps the rest in order', () => {
    expect(filterCookieHeader('a=1; yac_session=s; b=2;yac_ws=t ;c=3', isPlatform)).toBe('a=1; b=2; c=3');
    expect(filterCookieHeader('yac_session=s; yac_ws=t', isPlatform)).toBeUndefined();
    expect(filterCookieHeader('yac_nameless; x=1', isPlatform)).toBe('x=1');
    expect(filterCookieHeader('  ;; ', isPlatform)).toBeUndefined();
  });

  it('drops Set-Cookie of platform names and strips Domain from the others', () => {
    expect(filterSetCookie('yac_session=x; Path=/', isPlatform)).toBeUndefined();
    expect(filterSetCookie('Yac_Ws=x', isPlatform)).toBeUndefined();
    expect(filterSetCookie('t=1; Path=/; Domain=.example.com; HttpOnly; domain', isPlatform)).toBe(
      't=1; Path=/; HttpOnly',
    );
    expect(filterSetCookie('t=1', isPlatform)).toBe('t=1');
  });
});

describe('upstreamRequestHeaders', () => {
  it('keeps Host and Origin, removes hop-by-hop and platform cookies, sets X-Forwarded-*', () => {
    const out = upstreamRequestHeaders(
      {
        host: 'w--c.example.com',
        origin: 'https://w--c.example.com',
        connection: 'keep-alive, x-private',
        'x-private': '1',
        'keep-alive': 'timeout=5',
        'proxy-authorization': 'Basic x',
        'proxy-connection': 'keep-alive',
        te: 'trailers',
        trailer: 'x',
        'transfer-encoding': 'chunked',
        upgrade: 'websocket',
        expect: '100-continue',
        forwarded: 'for=6.6.6.6',
        'x-forwarded-for': '6.6.6.6',
        'x-forwarded-host': 'evil',
        'x-forwarded-proto': 'http',
        cookie: 'yac_session=s; theme=dark',
        authorization: 'Bearer yac_x',
        accept: 'text/html',
      },
      { isPlatformCookie: isPlatform, forwarded, drop: new Set(['authorization']) },
    );
    expect(out).toEqual({
      host: 'w--c.example.com',
      origin: 'https://w--c.example.com',
      cookie: 'theme=dark',
      accept: 'text/html',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'w--c.example.com',
    });
  });

  it('keeps the upgrade headers of a WebSocket handshake and appends to a trusted X-Forwarded-For', () => {
    const out = upstreamRequestHeaders(
      {
        host: 'h',
        connection: 'keep-alive, Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': 'k',
        'x-forwarded-for': '10.0.0.1',
      },
      { isPlatformCookie: isPlatform, forwarded: { ...forwarded, priorFor: '10.0.0.1' }, upgrade: true },
    );
    expect(out.connection).toBe('Upgrade');
    expect(out.upgrade).toBe('websocket');
    expect(out['sec-websocket-key']).toBe('k');
    expect(out['x-forwarded-for']).toBe('10.0.0.1, 127.0.0.1');
    expect(out.cookie).toBeUndefined();
  });
});

describe('downstreamResponseHeaders', () => {
  it('removes hop-by-hop headers and filters Set-Cookie', () => {
    const out = downstreamResponseHeaders(
      {
        'content-type': 'text/html',
        connection: 'keep-alive, x-hop',
        'x-hop': '1',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        trailer: 'x-sum',
        'proxy-authenticate': 'Basic',
        'set-cookie': ['yac_session=x', 'a=1; Domain=example.com'],
      },
      isPlatform,
    );
    expect(out).toEqual({ 'content-type': 'text/html', 'set-cookie': ['a=1'] });
    expect(downstreamResponseHeaders({ 'set-cookie': ['yac_ws=1'] }, isPlatform)).toEqual({});
  });
});

describe('headersFromRaw', () => {
  it('folds raw header lines exactly as node does for its own answers', () => {
    const raw = [
      'Content-Type',
      'text/html',
      'content-type',
      'text/plain',
      'Set-Cookie',
      'a=1',
      'X-Multi',
      'one',
      'set-cookie',
      'b=2',
      'x-multi',
      'two',
      'Cookie',
      'c=1',
      'COOKIE',
      'd=2',
      'Cache-Control',
      'no-cache',
      'Location',
      '/a',
      'Location',
      '/b',
      'X-Latin1',
      'caf\u00e9',
      'Constructor',
      'x',
      'toString',
      'y',
    ];
    // What node's HTTP parser makes of the same lines (it hands each one to _addHeaderLine).
    const viaNode = new IncomingMessage(new Socket()) as IncomingMessage & {
      _addHeaderLine(name: string, value: string, dest: Record<string, unknown>): void;
    };
    const expected: Record<string, unknown> = {};
    for (let i = 0; i < raw.length; i += 2)
      viaNode._addHeaderLine(raw[i] as string, raw[i + 1] as string, expected);
    expect(headersFromRaw(raw)).toEqual(expected);
    expect(headersFromRaw(raw.map((v) => Buffer.from(v, 'latin1')))).toEqual(expected);
    expect(expected).toMatchObject({ 'x-multi': 'one, two', 'set-cookie': ['a=1', 'b=2'], location: '/a' });
  });
});
