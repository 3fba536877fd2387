/** The container's files as the shell sees them: those it wrote, and those the kubelet mounts. */
import type { Shell } from './interpreter';
import { ALPINE_ROOT_DIRS, DEBIAN_ROOT_DIRS } from './rootfs';
import type { ShellFlavour } from './types';

/** `ls /` per userland: busybox (alpine) has no /boot or /lib64. */
const ROOT_DIRS: Record<ShellFlavour, readonly string[]> = {
  ash: ALPINE_ROOT_DIRS,
  dash: DEBIAN_ROOT_DIRS,
  bash: DEBIAN_ROOT_DIRS,
};

/** An absolute, normalized path (`..` and `.` resolved) from the shell's working directory. */
export function resolvePath(sh: Shell, p: string): string {
  const abs = p.startsWith('/') ? p : `${sh.cwd.replace(/\/$/, '')}/${p}`;
  const out: string[] = [];
  for (const seg of abs.split('/')) {
    if (seg === '..') out.pop();
    else if (seg && seg !== '.') out.push(seg);
  }
  return `/${out.join('/')}`;
}

/** A file's content: written files first, then the files the kubelet and runtime provide. */
export function readFile(sh: Shell, p: string): string | undefined {
  const path = resolvePath(sh, p);
  const written = sh.fs.get(path);
  if (written !== undefined) return written;
  const { hostname, podIP, namespace } = sh.ctx;
  switch (path) {
    case '/etc/hostname':
      return `${hostname}\n`;
    case '/etc/hosts':
      // k/k: pkg/kubelet/kubelet_pods.go managedHostsFileContent
      return [
        '# Kubernetes-managed hosts file.',
        '127.0.0.1\tlocalhost',
        '::1\tlocalhost ip6-localhost ip6-loopback',
        'fe00::0\tip6-localnet',
        'fe00::0\tip6-mcastprefix',
        'fe00::1\tip6-allnodes',
        'fe00::2\tip6-allrouters',
        `${podIP}\t${hostname}`,
        // corpus-apps: k/k kubelet_pods.go hostsEntriesFromHostAliases.
        ...(sh.ctx.etc?.hostAliases?.length
          ? ['', '# Entries added by HostAliases.', ...sh.ctx.etc.hostAliases]
          : []),
        '',
      ].join('\n');
    case '/etc/resolv.conf':
      if (sh.ctx.etc?.resolvConf !== undefined) return sh.ctx.etc.resolvConf;
      return `search ${namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`;
    case '/dev/null':
      return '';
    default:
      return undefined;
  }
}

/**
 * A directory's entries (the image's root, /etc, written files, mounted volumes), or undefined
 * when there is no such directory. A mount point is a directory even when its volume is empty.
 */
export function listDir(sh: Shell, p: string): string[] | undefined {
  const path = resolvePath(sh, p);
  const known: Record<string, readonly string[]> = {
    '/': ROOT_DIRS[sh.ctx.flavour],
    '/etc': ['hostname', 'hosts', 'resolv.conf'],
    '/tmp': [],
  };
  const entries = new Set(known[path] ?? []);
  const prefix = path === '/' ? '/' : `${path}/`;
  let exists = path in known;
  for (const m of sh.fs.mountPoints?.() ?? []) {
    if (m.path === path && !m.file) exists = true;
    else if (m.path.startsWith(prefix)) entries.add(m.path.slice(prefix.length).split('/')[0]);
  }
  for (const f of sh.fs.keys())
    if (f.startsWith(prefix)) entries.add(f.slice(prefix.length).split('/')[0]);
  if (!exists && entries.size === 0) return undefined;
  // `ls` without -a hides dot-files (mkdir's marker, the atomic writer's `..data`).
  return [...entries].filter((e) => !e.startsWith('.')).sort();
}

/** The directories of $PATH, where an image's executables are. */
export const PATH_DIRS = [
  '/usr/local/sbin',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/bin',
  '/sbin',
  '/bin',
];

/**
 * mysql: whether an image's executable `cmd` (a name, or a path in $PATH) was moved or removed
 * in the container: its writable layer has the whiteout overlayfs records (`/usr/bin/.wh.mysql`)
 * and no file of that name was written back.
 */
export function removedExecutable(files: { has(path: string): boolean }, cmd: string): boolean {
  const name = cmd.slice(cmd.lastIndexOf('/') + 1);
  const dirs = cmd.includes('/') ? [cmd.slice(0, cmd.lastIndexOf('/'))] : PATH_DIRS;
  if (dirs.some((d) => files.has(`${d}/${name}`))) return false;
  return dirs.some((d) => files.has(`${d}/.wh.${name}`));
}

/** mysql: an image's executable at `path` (`/usr/bin/mysql`) still in place. */
export function imageExecutable(sh: Shell, path: string): boolean {
  const dir = path.slice(0, path.lastIndexOf('/'));
  return PATH_DIRS.includes(dir) && sh.ctx.has(path) && !removedExecutable(sh.fs, path);
}
