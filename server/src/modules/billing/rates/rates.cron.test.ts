import { parseCrontab } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../../platform/clock.ts';
import { FX_REFRESH_CRON, FX_REFRESH_JOB } from './rates.service.ts';

/** Istanbul wall-clock times (Mon 2026-09-21 .. Sun 09-27) at which the crontab line fires. */
function firingTimes(): string[] {
  // Formatted as startJobRunner writes the crontab.
  const [item] = parseCrontab(`${FX_REFRESH_CRON.pattern} ${FX_REFRESH_CRON.job}`);
  if (!item) throw new Error('no crontab item');
  const out: string[] = [];
  const start = Date.parse('2026-09-20T21:00:00Z'); // Monday 00:00 Istanbul
  for (let t = start; t < start + 7 * 24 * 60 * MINUTE; t += MINUTE) {
    const ts = new Date(t);
    // graphile-worker 0.17 digests timestamps in UTC (cron.js digestTimestamp).
    const digest = {
      min: ts.getUTCMinutes(),
      hour: ts.getUTCHours(),
      date: ts.getUTCDate(),
      month: ts.getUTCMonth() + 1,
      dow: ts.getUTCDay(),
    };
    if (item.match(digest)) out.push(new Date(t + 3 * 60 * MINUTE).toISOString().slice(5, 16));
  }
  return out;
}

describe('the fx refresh crontab', () => {
  it('names the job', () => {
    expect(FX_REFRESH_CRON.job).toBe(FX_REFRESH_JOB);
  });

  it('fires on weekdays around 15:30 Istanbul and in the morning, never on weekends', () => {
    const times = firingTimes();
    const monday = times.filter((t) => t.startsWith('09-21'));
    expect(monday).toEqual([
      '09-21T09:00',
      '09-21T09:15',
      '09-21T09:30',
      '09-21T09:45',
      '09-21T15:00',
      '09-21T15:15',
      '09-21T15:30',
      '09-21T15:45',
      '09-21T16:00',
      '09-21T16:15',
      '09-21T16:30',
      '09-21T16:45',
      '09-21T17:00',
      '09-21T17:15',
      '09-21T17:30',
      '09-21T17:45',
    ]);
    expect(times).toHaveLength(5 * 16);
    expect(times.some((t) => t.startsWith('09-26') || t.startsWith('09-27'))).toBe(false);
  });
});
