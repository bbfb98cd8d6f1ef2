// The Pod manifest of a workspace: the contract between the platform and whatever runs workspaces. podman
// plays it on one host (`podman kube play`); a Kubernetes driver applies the same document to a cluster
// (hostPath volumes then become the workspace's PersistentVolumeClaim). Pure: no I/O here.
import type { WorkspaceLimits } from '../../runtime.ts';

/** Where things are inside every workspace container. */
export const IN_CONTAINER = Object.freeze({
  project: '/workspace',
  home: '/home/dev',
  userData: '/home/dev/.local/share/code-server',
  extensions: '/home/dev/.local/share/code-server/extensions',
  tmp: '/tmp',
  /** code-server's socket, log and exit status: a folder the platform reads from the host. */
  ide: '/run/ide',
  /** The IDE runtime (Node 24 and code-server), read-only. */
  runtime: '/opt/yac/ide',
  /** Node 24 of the runtime, read-only: the image's /usr/local/bin/node points into it. */
  node: '/opt/yac/node',
  /** npm of the runtime, read-only: the image's /usr/local/bin/npm and npx point into it. */
  npm: '/opt/yac/npm',
  /** The platform's scripts (entry.sh, ide.sh), read-only. */
  launch: '/run/yac',
  user: 'dev',
  uid: 1000,
  gid: 1000,
});

/** The name of a workspace's pod and of its one container. */
export function podName(id: string): { pod: string; container: string } {
  const pod = `yac-${id.slice('ws_'.length)}`;
  return { pod, container: `${pod}-ide` };
}

/** A hostname from a workspace's name: lowercase letters, digits and hyphens, at most 63 (RFC 1123). */
export function hostnameOf(name: string): string {
  const h = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return h || 'workspace';
}

/** Everything the manifest depends on. */
export interface PodInput {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly limits: WorkspaceLimits;
  /** Labels that let the platform find its pods (e.g. which DATA_DIR owns them). */
  readonly labels: Readonly<Record<string, string>>;
  /** Host folders: the IDE runtime, the IDE's folder, and the workspace's disk's folders. */
  readonly host: {
    readonly runtime: string;
    /** Node's package folder in the runtime (its bin/node). */
    readonly node: string;
    /** npm's package folder in the runtime (its bin/npm-cli.js). */
    readonly npm: string;
    readonly ide: string;
    /** The platform's scripts: entry.sh runs as the container's main process. */
    readonly launch: string;
    readonly project: string;
    readonly home: string;
    readonly tmp: string;
    /** A hosts file naming the workspace (the host's own names stay out). */
    readonly hosts: string;
  };
}

/** Kubernetes quantities: CPU in millicores, memory in bytes. */
function cpuQuantity(cpus: number): string {
  return `${Math.round(cpus * 1000)}m`;
}

/** The Pod manifest (a plain object: JSON is YAML, `podman kube play` reads it as is). */
export function podManifest(i: PodInput) {
  const { pod, container } = podName(i.id);
  const volume = (name: string, hostPath: string, type: 'Directory' | 'File') => ({
    name,
    hostPath: { path: hostPath, type },
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod,
      labels: { 'youarecoder.workspace': i.id, ...i.labels },
      annotations: { 'youarecoder.workspace-name': i.name },
    },
    spec: {
      hostname: hostnameOf(i.name),
      // The pod's init (podman's catatonit, Kubernetes' pause) is PID 1 and reaps what terminals orphan.
      shareProcessNamespace: true,
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      containers: [
        {
          name: container.slice(pod.length + 1),
          image: i.image,
          // The container lives while the workspace is up; its entry starts code-server when the platform
          // asked for it (the launch script is there), then waits.
          command: ['/bin/sh', `${IN_CONTAINER.launch}/entry.sh`],
          workingDir: IN_CONTAINER.project,
          env: [
            { name: 'PATH', value: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
            { name: 'LANG', value: 'C.UTF-8' },
            { name: 'HOME', value: IN_CONTAINER.home },
          ],
          securityContext: {
            runAsUser: IN_CONTAINER.uid,
            runAsGroup: IN_CONTAINER.gid,
            // sudo inside must work: root in the workspace is an unprivileged user of the host (user namespace).
            allowPrivilegeEscalation: true,
          },
          resources: {
            // A request of one core: the CPU share of any process of the host (cgroup weight 1024), so a
            // busy host divides its time evenly between workspaces and the platform. No memory request:
            // podman makes it a soft limit, and code-server served its pages 24 % slower above it.
            requests: { cpu: '1' },
            limits: { cpu: cpuQuantity(i.limits.cpus), memory: String(i.limits.memoryBytes) },
          },
          volumeMounts: [
            { name: 'ide-runtime', mountPath: IN_CONTAINER.runtime, readOnly: true },
            { name: 'node', mountPath: IN_CONTAINER.node, readOnly: true },
            { name: 'npm', mountPath: IN_CONTAINER.npm, readOnly: true },
            { name: 'ide', mountPath: IN_CONTAINER.ide },
            { name: 'launch', mountPath: IN_CONTAINER.launch, readOnly: true },
            { name: 'project', mountPath: IN_CONTAINER.project },
            { name: 'home', mountPath: IN_CONTAINER.home },
            { name: 'tmp', mountPath: IN_CONTAINER.tmp },
            { name: 'hosts', mountPath: '/etc/hosts', readOnly: true },
          ],
        },
      ],
      volumes: [
        volume('ide-runtime', i.host.runtime, 'Directory'),
        volume('node', i.host.node, 'Directory'),
        volume('npm', i.host.npm, 'Directory'),
        volume('ide', i.host.ide, 'Directory'),
        volume('launch', i.host.launch, 'Directory'),
        volume('project', i.host.project, 'Directory'),
        volume('home', i.host.home, 'Directory'),
        volume('tmp', i.host.tmp, 'Directory'),
        volume('hosts', i.host.hosts, 'File'),
      ],
    },
  };
}

/** A word for a shell, whatever it holds: single-quoted. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The container's entry (its main process, as `dev`): the IDE when the platform asked for it, detached so
 * the pod's init reaps it, then nothing but waiting.
 */
export const ENTRY_SCRIPT = `# YouAreCoder: the workspace container's main process.
[ -f ${IN_CONTAINER.launch}/ide.sh ] && ( /bin/sh ${IN_CONTAINER.launch}/ide.sh & )
exec sleep infinity
`;

/**
 * The IDE's launch script: its environment, code-server with its log in /run/ide (one older generation
 * kept past 5 MiB), and its exit status written there once it ends, however it ends.
 */
export function ideScript(env: Readonly<Record<string, string>>, argv: readonly string[]): string {
  const log = `${IN_CONTAINER.ide}/code-server.log`;
  return [
    '# YouAreCoder: code-server of this workspace, started by the container entry or by the platform.',
    ...Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`),
    `cd ${IN_CONTAINER.project} || exit 1`,
    `log=${log}`,
    'if [ -f "$log" ] && [ "$(stat -c %s "$log")" -gt 5242880 ]; then mv -f "$log" "$log.1"; fi',
    `printf -- '--- youarecoder: starting code-server at %s ---\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$log"`,
    `${argv.map(shellQuote).join(' ')} >> "$log" 2>&1`,
    `echo "$?" > ${IN_CONTAINER.ide}/exit`,
    '',
  ].join('\n');
}

/** The hosts file of a workspace: loopback names and its own hostname, nothing of the host. */
export function hostsFile(name: string): string {
  const h = hostnameOf(name);
  return `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t${h}\n`;
}
