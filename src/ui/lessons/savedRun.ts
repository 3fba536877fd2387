/**
 * The lesson's cluster, kept across a reload. A run is deterministic (same shape and seed, same
 * actions at the same virtual instants, same objects), so its run log — what the worker
 * confirmed: the shape, every action with its instant, the time reached — is all a reload needs
 * to rebuild the very cluster the learner left (the worker's `restore`, as after a crash). One run
 * per lesson file is kept, with the commands the learner ran (for `ran:` checks) and the playback.
 */
import type { PlaybackState, RunLog } from '../../protocol';

export const SAVED_RUN_KEY = 'kubeglass.lessons.run.v1';

export interface SavedRun {
  /** The lesson file the run belongs to. */
  file: string;
  log: RunLog;
  ran: string[];
  /** Playing or paused, and the speed, when the run was kept. */
  playback?: Pick<PlaybackState, 'playing' | 'speed'>;
}

type SavedRuns = Record<string, SavedRun>;

function readAll(storage: Pick<Storage, 'getItem'> | undefined): SavedRuns {
  try {
    const raw = storage?.getItem(SAVED_RUN_KEY);
    const data = raw ? (JSON.parse(raw) as unknown) : {};
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as SavedRuns) : {};
  } catch {
    return {};
  }
}

function isRunLog(v: unknown): v is RunLog {
  const log = v as Partial<RunLog> | null;
  return (
    !!log &&
    typeof log === 'object' &&
    !!log.shape &&
    typeof log.shape === 'object' &&
    Number.isInteger(log.shape.workers) &&
    Array.isArray(log.actions) &&
    log.actions.every(
      (a) => !!a && typeof a === 'object' && Number.isFinite(a.at) && Number.isFinite(a.executed),
    ) &&
    Number.isFinite(log.until)
  );
}

/** The run kept for `file`; undefined when there is none (or it cannot be read). */
export function loadRun(
  storage: Pick<Storage, 'getItem'> | undefined,
  file: string,
): SavedRun | undefined {
  const data = readAll(storage)[file] as Partial<SavedRun> | undefined;
  if (!data || typeof data !== 'object' || !isRunLog(data.log)) return undefined;
  const ran = Array.isArray(data.ran) ? data.ran.filter((r) => typeof r === 'string') : [];
  const p = data.playback;
  const playback =
    p && typeof p.playing === 'boolean' && Number.isFinite(p.speed) && p.speed > 0
      ? { playing: p.playing, speed: p.speed }
      : undefined;
  return { file, log: data.log, ran, playback };
}

/**
 * The log without the files a kubectl command could not read: the terminal hands every command
 * the editor's text and all the examples, but a command reads only the files it names (`-f
 * editor.yaml`), so the others need not be kept (a long lesson would fill the browser's storage).
 */
export function compactLog(log: RunLog): RunLog {
  return {
    ...log,
    actions: log.actions.map((a) => {
      if (a.type !== 'request' || a.op !== 'kubectl' || !a.args.files) return a;
      const { command, files } = a.args;
      const named = Object.fromEntries(
        Object.entries(files).filter(([name]) => command.includes(name)),
      );
      return { ...a, args: { ...a.args, files: named } };
    }),
  };
}

/** Keeps the run; false when the browser refused (full, blocked). */
export function saveRun(
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined,
  run: SavedRun,
): boolean {
  try {
    const compact = { ...run, log: compactLog(run.log) };
    storage?.setItem(SAVED_RUN_KEY, JSON.stringify({ ...readAll(storage), [run.file]: compact }));
    return !!storage;
  } catch {
    return false;
  }
}

/** Forgets the run kept for `file` (the lesson restarts on a fresh cluster). */
export function forgetRun(
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined,
  file: string,
): void {
  const all = readAll(storage);
  if (!(file in all)) return;
  delete all[file];
  try {
    storage?.setItem(SAVED_RUN_KEY, JSON.stringify(all));
  } catch {
    // storage refused: the stale run is replaced at the next save
  }
}
