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

/** How many distinct lines {@link sharedLine} remembers before it starts over. */
const SHARED_LINES_MAX = 4096;
/** The one copy of recently written lines (one Map for every runtime: lines are only text). */
const sharedLines = new Map<string, string>();

/**
 * The one copy of a line of these characters. scale: every nginx container writes the same
 * start-up lines (those with a time stamp the same within a virtual second), ~1 KB each; the log
 * files hold one copy. Bounded: forgotten all at once when full (a line is text alone, so which
 * copy a file holds changes nothing anyone reads).
 */
function sharedLine(line: string): string {
  const held = sharedLines.get(line);
  if (held !== undefined) return held;
  if (sharedLines.size >= SHARED_LINES_MAX) sharedLines.clear();
  sharedLines.set(line, line);
  return line;
}

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
    texts.push(sharedLine(line));
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
