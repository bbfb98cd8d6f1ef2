// The fast path's hand-off to node's HTTP server, on a real node server with real sockets and no
// gateway behind it: what the fast path does not take reaches node with every byte, in order.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFastPath, type FastPath } from './fast-path.ts';
import { attachGateway } from './gateway.ts';
import { ResponseReader } from './llhttp.test-helpers.ts';
import { createUpstreamProxy } from './proxy.ts';

let server: http.Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function start(keepAliveMs: number): Promise<{ port: number; fast: FastPath }> {
  const s = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.end(`node:${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`));
  });
  server = s;
  s.keepAliveTimeout = keepAliveMs;
  const fast = createFastPath({ hooks: createUpstreamProxy().raw, route: () => null });
  attachGateway(s, { handleRequest: () => false, handleUpgrade: () => false, fastPath: fast });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return { port: (s.address() as net.AddressInfo).port, fast };
}

async function open(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', () => r()));
  return { socket, reader: new ResponseReader(socket) };
}

const req = (path: string, body = '') =>
  `POST ${path} HTTP/1.1\r\nHost: portal.example\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

describe('handing connections to node', () => {
  it('pipelined requests reach node whole and in order, split anywhere', async () => {
    const { port, fast } = await start(5_000);
    const bytes = Buffer.from(req('/1', 'one') + req('/2', 'two!') + req('/3'));
    for (let k = 1; k < bytes.length; k += 7) {
      const c = await open(port);
      c.socket.write(bytes.subarray(0, k));
      await new Promise((r) => setTimeout(r, 2));
      c.socket.write(bytes.subarray(k));
      const r = await c.reader.wait(3);
      expect(
        r.map((x) => x.body.toString()),
        `split at ${k}`,
      ).toEqual(['node:POST /1 one', 'node:POST /2 two!', 'node:POST /3 ']);
      c.socket.destroy();
    }
    expect(fast.stats.requests).toBe(0);
    expect(fast.stats.handedOff).toBeGreaterThan(0);
  });

  it('a head that stops arriving goes to node when the connection idles, its bytes kept', async () => {
    const { port, fast } = await start(200);
    const c = await open(port);
    const bytes = req('/slow', 'x');
    c.socket.write(bytes.slice(0, 20));
    await new Promise((r) => setTimeout(r, 400));
    expect(fast.stats.handedOff).toBe(1);
    expect(fast.size()).toBe(0);
    c.socket.write(bytes.slice(20));
    const r = await c.reader.wait(1);
    expect(r[0]?.body.toString()).toBe('node:POST /slow x');
    c.socket.destroy();
  });

  it('an idle connection with nothing sent is closed, and closeAll closes the rest', async () => {
    const { port, fast } = await start(200);
    const idle = await open(port);
    const held = await open(port);
    await new Promise((r) => setTimeout(r, 50));
    expect(fast.size()).toBe(2);
    fast.closeAll();
    await held.reader.wait(1, 1000);
    expect(held.reader.ended).toBe(true);
    expect(fast.size()).toBe(0);
    idle.socket.destroy();
  });
});

describe("node's server closing", () => {
  it('server.close() ends the idle connections the fast path holds, not only its own', async () => {
    const { port, fast } = await start(60_000);
    const c = await open(port);
    const busy = await open(port);
    busy.socket.write('GET / HTTP/1.1\r\nHost: x'); // a head begun: not idle
    await new Promise((r) => setTimeout(r, 50));
    expect(fast.size()).toBe(2);
    const s = server as http.Server;
    const t0 = Date.now();
    const closed = new Promise<void>((r) => s.close(() => r()));
    await c.reader.wait(1, 2000);
    expect(c.reader.ended).toBe(true);
    expect(fast.size()).toBe(1);
    s.closeAllConnections();
    await closed;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(fast.size()).toBe(0);
    server = undefined;
  });
});
