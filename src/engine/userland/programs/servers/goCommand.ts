/**
 * What a Go command built on cobra, pflag and klog prints: its flags as pflag parses them, the
 * usage text cobra shows after an error (pflag FlagUsages: flags sorted by name, one column of
 * usages), klog's log lines. For the images whose programs reproduce a real binary's output.
 */
import { formatDate } from '../../shell/date';
import { frac } from '../timeline';

/** One flag, as pflag knows it (a Go `flag` added with AddGoFlag keeps its Go type's name). */
export interface GoFlag {
  name: string;
  /** pflag's type name: `string`, `bool`, `uint`, `int`, `duration`, `Level`… */
  type: string;
  usage: string;
  /** The default as pflag prints it (Value.String() when the flag was added). */
  def: string;
  shorthand?: string;
}

/** pflag UnquoteUsage: the value's name shown after the flag (none for a bool). */
function varName(type: string): string {
  if (type === 'bool') return '';
  if (type === 'uint64') return 'uint';
  if (type === 'int64') return 'int';
  if (type === 'float64') return 'float';
  if (type === 'stringSlice') return 'strings';
  return type;
}

/** pflag defaultIsZeroValue, for the types used here. */
function isZero(f: GoFlag): boolean {
  if (f.type === 'string') return f.def === '';
  if (f.type === 'stringSlice') return f.def === '[]';
  if (f.type === 'duration') return f.def === '0' || f.def === '0s';
  return ['', '0', 'false', '<nil>'].includes(f.def);
}

/** pflag FlagUsages (no wrapping), without its trailing newline, as cobra's template trims it. */
export function flagUsages(flags: readonly GoFlag[]): string[] {
  const sorted = [...flags].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows = sorted.map((f) => {
    let left = f.shorthand ? `  -${f.shorthand}, --${f.name}` : `      --${f.name}`;
    const v = varName(f.type);
    if (v) left += ` ${v}`;
    let usage = f.usage;
    if (!isZero(f))
      usage += f.type === 'string' ? ` (default ${JSON.stringify(f.def)})` : ` (default ${f.def})`;
    return { left, usage };
  });
  const max = Math.max(...rows.map((r) => r.left.length));
  return rows.map((r) => `${r.left}${' '.repeat(max - r.left.length + 3)}${r.usage}`);
}

/**
 * What cobra's Execute prints on stderr when the command's RunE fails: `Error: …`, then the
 * usage (`Usage:` with the use line, `Flags:` with every local flag, `-h, --help` included).
 */
export function cobraFailure(use: string, flags: readonly GoFlag[], err: string): string[] {
  const help: GoFlag = {
    name: 'help',
    shorthand: 'h',
    type: 'bool',
    usage: `help for ${use}`,
    def: 'false',
  };
  return [
    `Error: ${err}`,
    'Usage:',
    `  ${use} [flags]`,
    '',
    'Flags:',
    ...flagUsages([...flags, help]),
  ];
}

/** The flags' values after pflag parsed `args` (`--name=value`, `--name value`, `--bool`). */
export function parseFlags(args: readonly string[], flags: readonly GoFlag[]): Map<string, string> {
  const values = new Map(flags.map((f) => [f.name, f.def]));
  for (let i = 0; i < args.length; i++) {
    const m = /^--?([^=]+)(?:=(.*))?$/s.exec(args[i]);
    if (!m) continue;
    const f = flags.find((x) => x.name === m[1] || x.shorthand === m[1]);
    if (!f) continue;
    if (m[2] !== undefined) values.set(f.name, m[2]);
    else if (f.type === 'bool') values.set(f.name, 'true');
    else if (i + 1 < args.length) values.set(f.name, args[++i]);
  }
  return values;
}

/** klog's text header and message: `Lmmdd hh:mm:ss.uuuuuu     pid file:line] msg`, pid 1. */
export function klog(level: 'I' | 'W' | 'E', wallMs: number, at: string, msg: string): string {
  return `${level}${formatDate(wallMs, '%m%d %H:%M:%S')}.${frac(wallMs, 6)}       1 ${at}] ${msg}`;
}

/** klog's flags in v2.4.0 (klog.InitFlags), as a command adds them to pflag with `_` → `-`. */
export function klogFlags(v: string, version: '2.4' | '2.70'): GoFlag[] {
  const files = version === '2.70' ? ' (no effect when -logtostderr=true)' : '';
  return [
    {
      name: 'log-dir',
      type: 'string',
      usage: `If non-empty, write log files in this directory${files}`,
      def: '',
    },
    { name: 'log-file', type: 'string', usage: `If non-empty, use this log file${files}`, def: '' },
    {
      name: 'log-file-max-size',
      type: 'uint64',
      usage: `Defines the maximum size a log file can grow to${files}. Unit is megabytes. If the value is 0, the maximum file size is unlimited.`,
      def: '1800',
    },
    {
      name: 'logtostderr',
      type: 'bool',
      usage: 'log to standard error instead of files',
      def: 'true',
    },
    {
      name: 'alsologtostderr',
      type: 'bool',
      usage: `log to standard error as well as files${files}`,
      def: 'false',
    },
    {
      name: 'v',
      shorthand: 'v',
      type: 'Level',
      usage: 'number for the log level verbosity',
      def: v,
    },
    {
      name: 'add-dir-header',
      type: 'bool',
      usage: 'If true, adds the file directory to the header of the log messages',
      def: 'false',
    },
    {
      name: 'skip-headers',
      type: 'bool',
      usage: 'If true, avoid header prefixes in the log messages',
      def: 'false',
    },
    {
      name: 'one-output',
      type: 'bool',
      usage:
        version === '2.70'
          ? 'If true, only write logs to their native severity level (vs also writing to each lower severity level; no effect when -logtostderr=true)'
          : 'If true, only write logs to their native severity level (vs also writing to each lower severity level',
      def: 'false',
    },
    {
      name: 'skip-log-headers',
      type: 'bool',
      usage: `If true, avoid headers when opening log files${files}`,
      def: 'false',
    },
    {
      name: 'stderrthreshold',
      type: 'severity',
      usage:
        version === '2.70'
          ? 'logs at or above this threshold go to stderr when writing to files and stderr (no effect when -logtostderr=true or -alsologtostderr=false)'
          : 'logs at or above this threshold go to stderr',
      def: '2',
    },
    {
      name: 'vmodule',
      type: 'moduleSpec',
      usage: 'comma-separated list of pattern=N settings for file-filtered logging',
      def: '',
    },
    {
      name: 'log-backtrace-at',
      type: 'traceLocation',
      usage: 'when logging hits line file:N, emit a stack trace',
      def: ':0',
    },
  ];
}
