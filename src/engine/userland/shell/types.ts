/** The interpreter's public types and the shapes its parts share (streams, generators). */
import type { ProgramStep } from '../programs/types';
import type { FileStore } from './fileStore';
import type { Shell } from './interpreter';

/** Which /bin/sh the image has: busybox ash (busybox, alpine), dash (debian, ubuntu), bash. */
export type ShellFlavour = 'ash' | 'dash' | 'bash';

/** The answer the simulated network gives to an HTTP client inside the container. */
export type HttpOutcome =
  /** hpa: `ms`, how long the server took to answer (its CPU work, throttled at its limit). */
  | { kind: 'ok'; status: number; body: string; ip?: string; ms?: number }
  | { kind: 'unresolvable' }
  | { kind: 'refused'; ip?: string }
  | { kind: 'timeout'; ip?: string };

/**
 * mysql: what a TCP exchange from inside a container gives (a database client, `ncat`): the
 * server's answer to the bytes sent, as one message.
 */
export type TcpOutcome =
  /** `ms`: how long the server took (a backup streamed by `ncat -c`). */
  | { kind: 'ok'; data: string; ip: string; ms?: number }
  | { kind: 'unresolvable' }
  | { kind: 'refused'; ip?: string }
  | { kind: 'timeout'; ip?: string };

/** mysql: connects to `host:port` from inside a container, sends `data`, reads the answer. */
export type TcpResolver = (host: string, port: number, data: string) => TcpOutcome;

/**
 * Resolves a URL fetched from inside a container (`wget`, `curl`); `host`: a Host header given on
 * the command line (curl -H 'Host: …').
 */
export type HttpResolver = (url: string, host?: string) => HttpOutcome;

/** What the interpreter needs to know about its container. */
export interface ShellContext {
  env: Record<string, string>;
  hostname: string;
  podIP: string;
  namespace: string;
  /** Virtual ms (the clock's `now`). */
  now: () => number;
  flavour: ShellFlavour;
  /** Name the shell reports itself as in errors: `sh`, `bash`. */
  argv0: string;
  /** Whether the image has this executable in $PATH (applets, binaries). */
  has: (cmd: string) => boolean;
  /** The network; without one, every host fails to resolve and localhost refuses. */
  http?: HttpResolver;
  /** mysql: stdin and stdout are a terminal (`tty: true`, `kubectl run -it`). */
  tty?: boolean;
  /** mysql: the network for protocols other than HTTP; without one, every connection fails. */
  tcp?: TcpResolver;
  /** mysql: programs of the image's own that the shell can run (mysql, ncat, xtrabackup…). */
  tools?: ReadonlyMap<string, Tool>;
  /** The container's writable layer, shared with processes exec'd into it; default: a new one. */
  files?: FileStore;
  /** The pod's volumes mounted into the container (`volumeMounts`), longest path first or not. */
  mounts?: readonly Mount[];
  /** corpus-apps: what the kubelet writes into /etc/hosts and /etc/resolv.conf for the pod. */
  etc?: PodEtcFiles;
}

/**
 * A volume mounted into a container: its files (paths relative to the volume's root, with a
 * leading `/`) are shared live with the kubelet and with every container that mounts it.
 */
export interface Mount {
  /** Where it appears in the container (`/etc/config`). */
  path: string;
  /** The volume's directory: `/special.how` → content. */
  files: Map<string, string>;
  readOnly: boolean;
  /** A sub-directory of the volume mounted instead of its root (`subPath`), without slashes around. */
  subPath?: string;
  /** `subPath` names a file: the mount point is that file, not a directory. */
  file?: boolean;
}

/** A lazily run piece of the interpreter: yields the process's steps, returns a `T`. */
export type Gen<T> = Generator<ProgramStep, T, undefined>;

/** Where a file descriptor writes. */
export type Sink =
  | { kind: 'out'; stream: 'stdout' | 'stderr' }
  | { kind: 'null' }
  | { kind: 'buf'; chunks: string[] }
  | { kind: 'file'; path: string };
/** What a command reads: the data and how far it has been read. */
export interface Stdin {
  data: string;
  pos: number;
}
/** A command's streams. */
export interface IO {
  stdout: Sink;
  stderr: Sink;
  stdin?: Stdin;
}

/** A command line as an applet sees it: its name, its arguments, options and operands apart. */
export interface Invocation {
  /** The executable's base name (`/bin/cat` → `cat`). */
  base: string;
  args: string[];
  /** Arguments that look like options (`-n`, `--spider`). */
  opts: string[];
  operands: string[];
}

/**
 * corpus-apps: the pod's own lines of /etc/hosts (`hostAliases`) and its /etc/resolv.conf
 * (`dnsPolicy`, `dnsConfig`), as the kubelet and containerd write them.
 */
export interface PodEtcFiles {
  /** `hostAliases` as `IP\thost1\thost2` lines. */
  hostAliases?: readonly string[];
  /** The whole file, when it is not the cluster's default. */
  resolvConf?: string;
}

/**
 * mysql: an executable of an image that the programs layer simulates (the mysql client, ncat,
 * xtrabackup), run by the shell like its own applets.
 */
export type Tool = (sh: Shell, inv: Invocation, io: IO) => Gen<number>;
