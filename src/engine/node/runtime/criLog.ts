/**
 * A container's CRI log file, as containerd writes it under /var/log/pods: one line per write,
 * `<RFC3339Nano> stdout F <text>`, capped in size. The kubelet reads it for `kubectl logs`.
 */

/** One line of a CRI log file: `<RFC3339Nano> stdout F <text>`. */
export interface LogLine {
  time: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

/**
 * A log file kept compactly: per line its text (shared with the program's own strings) and its
 * write instant in virtual ms, negated for stderr (-0 at instant 0). The RFC 3339 timestamp is
 * formatted when the file is read; it is a function of the instant alone.
 */
export interface LogFile {
  texts: string[];
  at: number[];
}

/** The CRI log file keeps at most this many lines (the kubelet's containerLogMaxSize, in lines). */
const LOG_MAX_LINES = 5000;

/** Appends what a container wrote at virtual instant `now`, one entry per line. */
export function appendLog(
  file: LogFile,
  now: number,
  stream: 'stdout' | 'stderr',
  text: string,
): void {
  const { texts, at } = file;
  const mark = stream === 'stderr' ? -now : now;
  for (const line of text.includes('\n') ? text.split('\n') : [text]) {
    texts.push(line);
    at.push(mark);
  }
  if (texts.length > LOG_MAX_LINES) {
    texts.splice(0, texts.length - LOG_MAX_LINES);
    at.splice(0, at.length - LOG_MAX_LINES);
  }
}

/** The file's lines, each with its timestamp formatted by `timestampNano(virtual ms)`. */
export function readLog(file: LogFile, timestampNano: (at: number) => string): LogLine[] {
  return file.texts.map((text, i) => {
    const a = file.at[i];
    const stderr = a < 0 || Object.is(a, -0);
    return { time: timestampNano(stderr ? -a : a), stream: stderr ? 'stderr' : 'stdout', text };
  });
}
