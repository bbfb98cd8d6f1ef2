// WebSocket pieces of the gateway's tests and bench, minimal by design (RFC 6455, text frames, no
// fragmentation): the server side's accept key and framing, and a client over a raw socket.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 §4.2.2). */
export function wsAccept(key: string): string {
  return createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');
}

/** One frame, final, masked when a client sends it (RFC 6455 §5.2). */
export function encodeFrame(opcode: number, payload: Buffer, mask: boolean): Buffer {
  const len = payload.length;
  const ext = len < 126 ? 0 : len < 65_536 ? 2 : 8;
  const head = Buffer.alloc(2 + ext + (mask ? 4 : 0));
  head[0] = 0x80 | opcode;
  head[1] = (mask ? 0x80 : 0) | (ext === 0 ? len : ext === 2 ? 126 : 127);
  if (ext === 2) head.writeUInt16BE(len, 2);
  if (ext === 8) head.writeBigUInt64BE(BigInt(len), 2);
  if (!mask) return Buffer.concat([head, payload]);
  const key = randomBytes(4);
  key.copy(head, 2 + ext);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (key[i % 4] as number);
  return Buffer.concat([head, body]);
}

/** A decoded frame. */
export interface Frame {
  opcode: number;
  payload: Buffer;
}

/** Reads frames out of a byte stream (no fragmentation, which these tests never send). */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  /** Add bytes; returns the frames now complete. */
  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Frame[] = [];
    for (;;) {
      const b = this.buf;
      if (b.length < 2) break;
      const masked = ((b[1] as number) & 0x80) !== 0;
      let len = (b[1] as number) & 0x7f;
      let at = 2;
      if (len === 126) {
        if (b.length < 4) break;
        len = b.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (b.length < 10) break;
        len = Number(b.readBigUInt64BE(2));
        at = 10;
      }
      const key = masked ? b.subarray(at, at + 4) : null;
      if (masked) at += 4;
      if (b.length < at + len) break;
      const payload = Buffer.from(b.subarray(at, at + len));
      if (key)
        for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (key[i % 4] as number);
      frames.push({ opcode: (b[0] as number) & 0x0f, payload });
      this.buf = b.subarray(at + len);
    }
    return frames;
  }
}

/** A WebSocket client of the tests: one text message out, one in. */
export interface WsClient {
  status: number;
  headers: Record<string, string[]>;
  /** The body of a refused handshake. */
  body: string;
  socket: net.Socket;
  send(text: string): void;
  /** The next text message. */
  receive(): Promise<string>;
  /** Send a close frame and wait for the connection to end. */
  close(): Promise<void>;
}

/** Open a WebSocket to 127.0.0.1:port (or a unix socket) with a raw handshake. */
export function wsConnect(
  to: { port: number } | { socketPath: string },
  path: string,
  headers: Record<string, string> = {},
): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const socket = 'port' in to ? net.connect(to.port, '127.0.0.1') : net.connect(to.socketPath);
    const key = randomBytes(16).toString('base64');
    const all: Record<string, string> = {
      host: 'localhost',
      upgrade: 'websocket',
      connection: 'Upgrade',
      'sec-websocket-key': key,
      'sec-websocket-version': '13',
      ...headers,
    };
    socket.write(
      `GET ${path} HTTP/1.1\r\n${Object.entries(all)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n`,
    );
    const reader = new FrameReader();
    const inbox: string[] = [];
    const waiting: Array<{ res: (s: string) => void; rej: (e: Error) => void }> = [];
    let buf = Buffer.alloc(0);
    let client: WsClient | null = null;
    const deliver = (chunk: Buffer) => {
      for (const f of reader.push(chunk)) {
        if (f.opcode !== 0x1) continue;
        const text = f.payload.toString('utf8');
        const w = waiting.shift();
        if (w) w.res(text);
        else inbox.push(text);
      }
    };
    socket.on('error', (err) => (client ? socket.destroy() : reject(err)));
    socket.on('close', () => {
      for (const w of waiting.splice(0)) w.rej(new Error('closed before a message'));
      if (!client) reject(new Error('closed during the handshake'));
    });
    socket.on('data', (chunk: Buffer) => {
      if (client?.status === 101) return deliver(chunk);
      buf = Buffer.concat([buf, chunk]);
      if (client) {
        client.body = buf.toString('utf8');
        return;
      }
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
      const parsed: Record<string, string[]> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        const name = l.slice(0, i).trim().toLowerCase();
        const values = parsed[name] ?? [];
        values.push(l.slice(i + 1).trim());
        parsed[name] = values;
      }
      const status = Number(statusLine.split(' ')[1]);
      if (status === 101 && parsed['sec-websocket-accept']?.[0] !== wsAccept(key)) {
        socket.destroy();
        return reject(new Error('bad Sec-WebSocket-Accept'));
      }
      const rest = Buffer.from(buf.subarray(end + 4));
      buf = rest;
      client = {
        status,
        headers: parsed,
        body: status === 101 ? '' : rest.toString('utf8'),
        socket,
        send: (text) => socket.write(encodeFrame(0x1, Buffer.from(text), true)),
        receive: () =>
          new Promise<string>((res, rej) => {
            const queued = inbox.shift();
            if (queued !== undefined) return res(queued);
            if (socket.destroyed) return rej(new Error('closed before a message'));
            waiting.push({ res, rej });
          }),
        close: () =>
          new Promise<void>((res) => {
            if (socket.destroyed) return res();
            socket.once('close', () => res());
            socket.write(encodeFrame(0x8, Buffer.from([0x03, 0xe8]), true));
            setTimeout(() => socket.destroy(), 2_000).unref();
          }),
      };
      if (status === 101 && rest.length) deliver(rest);
      resolve(client);
    });
  });
}
