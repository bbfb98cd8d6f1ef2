import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client.ts';
import { forgetOperatorProbe, knownOperator, probeOperator, subscribeOperator } from './operatorProbe.ts';

describe('probeOperator', () => {
  afterEach(() => forgetOperatorProbe());
  const notFound = () => new ApiError(404, { code: 'NOT_FOUND', message: 'Route not found' });

  it('asks once per user and keeps a 200', async () => {
    const ask = vi.fn().mockResolvedValue({ companies: [] });
    const seen = vi.fn();
    const stop = subscribeOperator(seen);
    expect(await probeOperator('usr_a', ask)).toEqual({ operator: true });
    expect(await probeOperator('usr_a', ask)).toEqual({ operator: true });
    expect(ask).toHaveBeenCalledTimes(1);
    expect(knownOperator('usr_a')).toEqual({ operator: true });
    expect(knownOperator('usr_b')).toBeUndefined();
    expect(seen).toHaveBeenCalled();
    stop();
  });

  it('keeps a 404 as "not an operator" and asks again for another user', async () => {
    const ask = vi.fn().mockRejectedValue(notFound());
    expect(await probeOperator('usr_a', ask)).toEqual({ operator: false });
    await probeOperator('usr_a', ask);
    expect(ask).toHaveBeenCalledTimes(1);
    await probeOperator('usr_b', ask);
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failure that says nothing about the flag', async () => {
    const ask = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(0, { code: 'NETWORK', message: 'offline' }))
      .mockResolvedValueOnce({ companies: [] });
    const first = await probeOperator('usr_a', ask);
    expect('error' in first && first.error.code).toBe('NETWORK');
    expect(await probeOperator('usr_a', ask)).toEqual({ operator: true });
    expect(ask).toHaveBeenCalledTimes(2);
  });
});
