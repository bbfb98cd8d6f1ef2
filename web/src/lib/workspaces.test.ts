import type { StepProgressDto, WorkspaceDto } from '@youarecoder/contract';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { translator } from '../i18n/index.tsx';
import { tr } from '../i18n/tr.ts';
import {
  allowedActions,
  applyStep,
  formatElapsed,
  formatMinutes,
  formatTimeLeft,
  idleTimeoutChoices,
  isBusy,
  msUntil,
  parseWorkspaceEvent,
  previewWorkspaceUrl,
  quotaBlock,
  sortWorkspaces,
  stepElapsed,
  stepProgress,
} from './workspaces.ts';

const enT = translator(en);
const trT = translator(tr);
const MIN = 60_000;

const step = (index: number, status: StepProgressDto['status'], extra: Partial<StepProgressDto> = {}) =>
  ({
    index,
    type: 'shell',
    name: `step ${index}`,
    status,
    attempts: 1,
    startedAt: null,
    finishedAt: null,
    error: null,
    ...extra,
  }) satisfies StepProgressDto;

const workspace = (over: Partial<WorkspaceDto> = {}): WorkspaceDto => ({
  id: 'ws_1',
  name: 'api',
  status: 'provisioning',
  statusReason: null,
  url: 'https://api--acme.yac.example.com/',
  owner: { id: 'usr_1', fullName: 'Ayşe Yılmaz', email: 'ayse@acme.test' },
  template: { id: 'tpl_1', name: 'Node.js' },
  idleTimeoutMinutes: 60,
  autoStopAt: null,
  lastActivityAt: null,
  sharedWithAdmins: false,
  diskBytes: null,
  diskQuotaBytes: 10 * 1024 ** 3,
  overDiskQuota: false,
  isolated: true,
  limits: { cpus: 2, memoryBytes: 4 * 1024 ** 3, processes: 2048, diskBytes: 10 * 1024 ** 3 },
  limitsEnforced: true,
  outOfMemory: null,
  diskFull: false,
  steps: [step(0, 'succeeded'), step(1, 'running'), step(2, 'pending')],
  createdAt: '2026-11-02T10:00:00.000Z',
  startedAt: null,
  stoppedAt: null,
  ...over,
});

describe('time left before auto-stop', () => {
  const now = Date.parse('2026-11-02T10:00:00.000Z');

  it('measures from now to the auto-stop time, null without one', () => {
    expect(msUntil('2026-11-02T10:42:30.000Z', now)).toBe(42.5 * MIN);
    expect(msUntil('2026-11-02T09:59:00.000Z', now)).toBe(-MIN);
    expect(msUntil(null, now)).toBeNull();
    expect(msUntil('not a date', now)).toBeNull();
  });

  it('never overstates: whole minutes rounded down, hours and minutes above an hour', () => {
    expect(formatTimeLeft(enT, 42.9 * MIN)).toBe('42 min');
    expect(formatTimeLeft(enT, 60 * MIN)).toBe('1 h');
    expect(formatTimeLeft(enT, 65 * MIN + 59_000)).toBe('1 h 5 min');
    expect(formatTimeLeft(enT, 59_999)).toBe('under a minute');
    expect(formatTimeLeft(enT, -5 * MIN)).toBe('under a minute');
    expect(formatTimeLeft(trT, 125 * MIN)).toBe('2 sa 5 dk');
  });

  it('words idle timeouts the same way', () => {
    expect(formatMinutes(enT, 15)).toBe('15 min');
    expect(formatMinutes(enT, 90)).toBe('1 h 30 min');
    expect(formatMinutes(trT, 480)).toBe('8 sa');
  });
});

describe('step durations', () => {
  it('is the time from start to finish, or to now while running; null before the start', () => {
    const now = Date.parse('2026-11-02T10:01:00.000Z');
    expect(
      stepElapsed({ startedAt: '2026-11-02T10:00:00.000Z', finishedAt: '2026-11-02T10:00:12.000Z' }, now),
    ).toBe(12_000);
    expect(stepElapsed({ startedAt: '2026-11-02T10:00:30.000Z', finishedAt: null }, now)).toBe(30_000);
    expect(stepElapsed({ startedAt: null, finishedAt: null }, now)).toBeNull();
  });

  it('shows tenths below ten seconds, then seconds, then minutes and seconds', () => {
    expect(formatElapsed(enT, 400, 'en-GB')).toBe('0.4 s');
    expect(formatElapsed(trT, 1_500, 'tr-TR')).toBe('1,5 sn');
    expect(formatElapsed(enT, 12_400, 'en-GB')).toBe('12 s');
    expect(formatElapsed(enT, 125_000, 'en-GB')).toBe('2 min 5 s');
    expect(formatElapsed(enT, 120_000, 'en-GB')).toBe('2 min');
  });
});

describe('states', () => {
  it('counts operations in flight as busy', () => {
    expect(
      ['pending', 'provisioning', 'starting', 'stopping', 'deleting'].every((s) => isBusy(s as never)),
    ).toBe(true);
    expect(isBusy('running')).toBe(false);
    expect(isBusy('stopped')).toBe(false);
    expect(isBusy('failed')).toBe(false);
  });

  it('offers the buttons the state allows', () => {
    expect(allowedActions('running')).toEqual({
      start: false,
      stop: true,
      restart: true,
      open: true,
      delete: true,
    });
    expect(allowedActions('stopped')).toMatchObject({ start: true, stop: false, open: false });
    // On its way up, its address already leads to the gateway's progress page, then the IDE.
    for (const s of ['pending', 'provisioning', 'starting'] as const)
      expect(allowedActions(s)).toMatchObject({ open: true, start: false, stop: false });
    expect(allowedActions('stopping')).toMatchObject({ open: false });
    expect(allowedActions('failed')).toMatchObject({ start: true, delete: true });
    expect(allowedActions('deleting')).toMatchObject({ start: false, stop: false, delete: false });
  });
});

describe('idle timeout choices', () => {
  it('go from 15 minutes to 8 hours within the plan, keeping an unusual current value', () => {
    expect(idleTimeoutChoices('starter')).toEqual([15, 30, 45, 60, 90, 120, 180, 240, 360, 480]);
    expect(idleTimeoutChoices('team', 100)).toContain(100);
    expect(idleTimeoutChoices(null, 60)).toHaveLength(10);
  });
});

describe('live provisioning', () => {
  it('counts finished steps of all, and notices a failure', () => {
    expect(stepProgress(workspace().steps)).toEqual({ done: 1, total: 3, failed: false });
    expect(stepProgress([step(0, 'failed'), step(1, 'rolled_back'), step(2, 'skipped')])).toEqual({
      done: 3,
      total: 3,
      failed: true,
    });
    expect(stepProgress([])).toEqual({ done: 0, total: 0, failed: false });
  });

  it('replaces a step by its index and keeps the order, adding one it did not know', () => {
    const ws = workspace();
    const next = applyStep(ws, step(1, 'succeeded', { finishedAt: '2026-11-02T10:00:05.000Z' }));
    expect(next.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'pending']);
    expect(ws.steps[1]?.status).toBe('running');
    const added = applyStep(workspace({ steps: [step(2, 'pending')] }), step(0, 'running'));
    expect(added.steps.map((s) => s.index)).toEqual([0, 2]);
  });

  it('reads the events of the stream and ignores what it does not know', () => {
    const ws = workspace();
    expect(parseWorkspaceEvent('workspace', JSON.stringify(ws))).toEqual({
      type: 'workspace',
      workspace: ws,
    });
    const s = step(1, 'failed', { error: 'exit code 1' });
    expect(parseWorkspaceEvent('step', JSON.stringify({ workspaceId: 'ws_1', step: s }))).toEqual({
      type: 'step',
      workspaceId: 'ws_1',
      step: s,
    });
    expect(parseWorkspaceEvent('step', '{not json')).toBeNull();
    expect(parseWorkspaceEvent('step', JSON.stringify({ workspaceId: 'ws_1' }))).toBeNull();
    expect(parseWorkspaceEvent('ping', JSON.stringify(ws))).toBeNull();
    expect(parseWorkspaceEvent('workspace', 'null')).toBeNull();
  });
});

describe('creating', () => {
  const quota = { mine: 1, myQuota: 2, company: 3, companyLimit: 5, plan: 'starter' as const };

  it('says which limit stops a new workspace', () => {
    expect(quotaBlock(quota)).toBeNull();
    expect(quotaBlock({ ...quota, mine: 2 })).toBe('mine');
    expect(quotaBlock({ ...quota, company: 5 })).toBe('company');
    expect(quotaBlock({ ...quota, myQuota: 0, mine: 0 })).toBe('mine');
  });

  it("previews the address like an existing workspace's, else under the portal's host", () => {
    const portal = { protocol: 'http:', host: 'localhost:8080' };
    expect(previewWorkspaceUrl('web', 'acme', 'https://api--acme.yac.example.com/', portal)).toBe(
      'https://web--acme.yac.example.com/',
    );
    expect(previewWorkspaceUrl('web', 'acme', undefined, portal)).toBe('http://web--acme.localhost:8080/');
    expect(previewWorkspaceUrl('', 'acme', 'not a url', portal)).toBe('http://…--acme.localhost:8080/');
  });

  it('lists own workspaces first, each group by name', () => {
    const a = workspace({ id: 'a', name: 'zeta' });
    const b = workspace({ id: 'b', name: 'alpha', owner: { id: 'usr_2', fullName: 'B', email: 'b@x.test' } });
    const c = workspace({ id: 'c', name: 'beta' });
    expect(sortWorkspaces([a, b, c], 'usr_1').map((w) => w.id)).toEqual(['c', 'a', 'b']);
  });
});
