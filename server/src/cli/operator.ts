import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { isAlive } from '../platform/proc.ts';

/** Usage of `youarecoder operator`. */
export const OPERATOR_USAGE = `Usage: youarecoder operator grant <email> | revoke <email> | list

  Platform operators see every company's billing under /app/admin (payments, notifications held
  for review, failing jobs, refunds, evidence packages).`;

/**
 * The URL of the embedded PostgreSQL a running platform started in DATA_DIR, if one is running
 * (the CLI must not start a second one on the same folder).
 */
export function runningEmbeddedUrl(dataDir: string): string | null {
  const pid = path.join(dataDir, 'pg', 'postmaster.pid');
  const cred = path.join(dataDir, 'pg-credentials.json');
  if (!existsSync(pid) || !existsSync(cred)) return null;
  const lines = readFileSync(pid, 'utf8').split('\n');
  const [pidLine, , , portLine] = lines;
  if (!pidLine || !portLine || !isAlive(Number(pidLine))) return null;
  const { password } = JSON.parse(readFileSync(cred, 'utf8')) as { password: string };
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(portLine)}/youarecoder`;
}

/**
 * Answer `--help` and malformed arguments before any database is opened (starting the embedded
 * PostgreSQL only to print the usage took seconds): the exit code, or null to go on.
 */
export function operatorUsage(args: string[], out: Pick<Console, 'log' | 'error'> = console): number | null {
  const [verb, email] = args;
  if (args.includes('--help') || args.includes('-h') || verb === 'help') {
    out.log(OPERATOR_USAGE);
    return 0;
  }
  if (verb !== 'list' && (!email || (verb !== 'grant' && verb !== 'revoke'))) {
    out.error(OPERATOR_USAGE);
    return 2;
  }
  return null;
}

/** Grant, revoke or list the operator flag; returns the exit code and prints what it did. */
export async function operatorCommand(url: string, args: string[], out = console): Promise<number> {
  const refused = operatorUsage(args, out);
  if (refused !== null) return refused;
  const [verb, email] = args;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (verb === 'list') {
      const { rows } = await client.query<{ email: string }>(
        'select email from users where is_operator order by email',
      );
      out.log(rows.length ? rows.map((r) => r.email).join('\n') : '(no operators)');
      return 0;
    }
    const { rowCount } = await client.query(
      'update users set is_operator = $2, updated_at = now() where email = $1',
      [(email as string).trim().toLowerCase(), verb === 'grant'],
    );
    if (!rowCount) {
      out.error(`No user with the email address ${email}; they must sign up (or be invited) first.`);
      return 1;
    }
    out.log(`${email} is ${verb === 'grant' ? 'now' : 'no longer'} a platform operator.`);
    return 0;
  } finally {
    await client.end();
  }
}
