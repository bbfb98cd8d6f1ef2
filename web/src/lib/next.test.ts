import { describe, expect, it } from 'vitest';
import { workspaceOfNext } from './next.ts';

describe('workspaceOfNext', () => {
  it('names the workspace and company of a gateway handshake', () => {
    const next = `/gateway/authorize?host=${encodeURIComponent('api-server--acme-robotics.localhost')}&path=%2F`;
    expect(workspaceOfNext(next)).toEqual({ workspace: 'api-server', company: 'acme-robotics' });
  });

  it('is null for any other destination', () => {
    expect(workspaceOfNext('/app/billing')).toBeNull();
    expect(workspaceOfNext('/gateway/authorize?host=acme.localhost')).toBeNull();
    expect(workspaceOfNext('/gateway/authorize')).toBeNull();
  });
});
