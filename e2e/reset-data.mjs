#!/usr/bin/env node
// Empty the E2E platform's DATA_DIR before it starts: a run that was cut short may have left workspace
// disks mounted under it (container workspaces), which `rm -rf` would walk into and then fail on. Their
// pods, labelled with that DATA_DIR, are removed by the new platform's reconciler (leftovers without a row).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(process.argv[2] ?? 'e2e/.data');
const decode = (s) => s.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(Number.parseInt(o, 8)));
const mounted = readFileSync('/proc/self/mountinfo', 'utf8')
  .split('\n')
  .map((line) => decode(line.split(' ')[4] ?? ''))
  .filter((target) => target.startsWith(`${dir}/`))
  .sort((a, b) => b.length - a.length);
for (const target of mounted) spawnSync('umount', [target], { stdio: 'inherit' });
rmSync(dir, { recursive: true, force: true });
