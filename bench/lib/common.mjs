// Helpers shared by the TypeScript benches (through common.d.mts) and the plain-JS cold-start bench.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

/** Settings of the caller's shell that would change what is measured; removed from child envs. */
export const STRIPPED_ENV = [
  'DATABASE_URL',
  'PUBLIC_URL',
  'SMTP_URL',
  'NODE_ENV',
  'MIGRATE_ON_START',
  'DATA_DIR',
  'PORT',
  'LOG_LEVEL',
];

/** A free loopback port chosen by the OS. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** GET a path once, without keep-alive; resolves with the status or 0 when nothing answers. */
export function probe(port, urlPath) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** The commit the tree is at (the working tree may carry uncommitted changes on top). */
export function commit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}
