/**
 * A run as a link or a file carries it: the cluster's shape and seed, the editor's text, every
 * user action with the virtual moment it happened, and the moment shown. Because the engine is
 * deterministic (architecture principle 9), this is enough to rebuild the cluster exactly.
 *
 * Everything here is untrusted when it comes from a link: {@link validateRun} checks every field
 * and names what is wrong; nothing is applied until it passes.
 */
import type { Fault as FaultSpec } from '../scenario/format';

/** The cluster's shape and seed, as the protocol's `ClusterShape` and a scenario's `cluster:`. */
export interface ClusterShape {
  workers: number;
  /** Allocatable CPU per worker, as a quantity (`"4"`, `"3500m"`). */
  cpu: string;
  /** Allocatable memory per worker (`"8Gi"`). */
  memory: string;
  seed: number | string;
  /**
   * hpa: whether the metrics-server addon runs (the resource metrics API of `kubectl top` and
   * the HorizontalPodAutoscaler). Absent: off, as on kind.
   */
  metricsServer?: boolean;
}

/** The format of a shared run. A link of another format is refused with a message. */
export const RUN_FORMAT = 1;

/**
 * One user action and when it happened: `at` is the virtual ms, `executed` how many engine events
 * had run (so a replay acts between the same two events, even mid-millisecond in step mode).
 */
export type RunAction = { at: number; executed: number } &
  /**
   * `refused`: the API server refused some of what it applies in the run shared (a name that is
   * not a DNS label…). Replayed, it is refused again with the same message; a link carries such
   * an object only when it says so, and the receiver is asked first ({@link refusedProblems}).
   */
  (
    | { op: 'apply'; manifest: string; refused?: true }
    | { op: 'delete'; manifest: string }
    | { op: 'kubectl'; command: string; files?: Record<string, string>; refused?: true }
    | { op: 'fault'; fault: FaultSpec }
    | { op: 'logs'; namespace: string; pod: string; container?: string; previous?: boolean }
    | { op: 'traffic'; service: string; count: number; from?: string }
    /** Ctrl+C on a streaming kubectl command: `of` is that command's index among the actions. */
    | { op: 'cancel'; of: number }
  );

export type RunOp = RunAction['op'];

/** The moment a run is shown at: virtual ms and engine events run. */
export interface RunMoment {
  at: number;
  executed: number;
}

/** A run as the worker records and replays it. */
export interface RecordedRun {
  shape: ClusterShape;
  actions: RunAction[];
  /** The moment shown (live: now). */
  moment: RunMoment;
}

export interface SharedRun extends RecordedRun {
  v: typeof RUN_FORMAT;
  /** The editor's text when the run was shared. */
  editor: string;
}

/** Limits of what a link may hold (beyond the byte limits of the codec). */
export const RUN_LIMITS = {
  actions: 5_000,
  text: 256 * 1024,
  command: 4_096,
  name: 253,
  workers: 50,
  /** A day of virtual time, the longest a run can be advanced. */
  virtualMs: 30 * 24 * 3_600_000,
} as const;

/** The result of checking untrusted input: the run, or what is wrong with it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

class RunError extends Error {}

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, what: string, max: number, optional = false): string | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw new RunError(`${what} must be text`);
  if (v.length > max) throw new RunError(`${what} is longer than ${max} characters`);
  return v;
}

function num(v: unknown, what: string, min: number, max: number, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)))
    throw new RunError(`${what} must be a${integer ? ' whole' : ''} number`);
  if (v < min || v > max) throw new RunError(`${what} must be from ${min} to ${max}`);
  return v;
}

function checkShape(raw: unknown): ClusterShape {
  if (!isObject(raw)) throw new RunError('the cluster shape is missing');
  const workers = num(raw.workers, 'cluster.workers', 1, RUN_LIMITS.workers, true);
  const cpu = str(raw.cpu, 'cluster.cpu', 16)!;
  const memory = str(raw.memory, 'cluster.memory', 16)!;
  if (!QUANTITY.test(cpu)) throw new RunError(`cluster.cpu "${cpu}" is not a quantity`);
  if (!QUANTITY.test(memory)) throw new RunError(`cluster.memory "${memory}" is not a quantity`);
  const seed = raw.seed;
  if (typeof seed === 'number') num(seed, 'cluster.seed', -(2 ** 53), 2 ** 53, true);
  else str(seed, 'cluster.seed', 64);
  const shape: ClusterShape = { workers, cpu, memory, seed: seed as number | string };
  if (raw.metricsServer !== undefined) {
    if (typeof raw.metricsServer !== 'boolean')
      throw new RunError('cluster.metricsServer must be true or false');
    if (raw.metricsServer) shape.metricsServer = true;
  }
  return shape;
}

function checkFault(raw: unknown, what: string): FaultSpec {
  if (!isObject(raw)) throw new RunError(`${what}.fault must be a mapping`);
  const fault: FaultSpec = {};
  for (const k of Object.keys(raw)) {
    if (k !== 'stop' && k !== 'start' && k !== 'node' && k !== 'deleteVM')
      throw new RunError(`${what}.fault has an unknown field "${k}"`);
    fault[k] = str(raw[k], `${what}.fault.${k}`, RUN_LIMITS.name);
  }
  if (fault.stop === undefined && fault.start === undefined && fault.deleteVM === undefined)
    throw new RunError(`${what}.fault says neither stop, start nor deleteVM`);
  return fault;
}

/** `refused: true`, or absent. */
function refused(raw: Record<string, unknown>, what: string): boolean {
  if (raw.refused === undefined) return false;
  if (raw.refused !== true) throw new RunError(`${what}.refused can only be true`);
  return true;
}

function checkAction(raw: unknown, i: number, prev: RunMoment): RunAction {
  const what = `action ${i + 1}`;
  if (!isObject(raw)) throw new RunError(`${what} is not a mapping`);
  const at = num(raw.at, `${what}.at`, prev.at, RUN_LIMITS.virtualMs);
  const executed = num(raw.executed, `${what}.executed`, prev.executed, 2 ** 53, true);
  const base: { at: number; executed: number; refused?: true } = { at, executed };
  switch (raw.op) {
    case 'apply':
    case 'delete': {
      const manifest = str(raw.manifest, `${what}.manifest`, RUN_LIMITS.text)!;
      if (raw.op === 'apply' && refused(raw, what))
        return { ...base, op: 'apply', manifest, refused: true };
      return { ...base, op: raw.op, manifest };
    }
    case 'kubectl': {
      const command = str(raw.command, `${what}.command`, RUN_LIMITS.command)!;
      if (refused(raw, what)) base.refused = true;
      if (raw.files === undefined) return { ...base, op: 'kubectl', command };
      if (!isObject(raw.files)) throw new RunError(`${what}.files must be a mapping`);
      const files: Record<string, string> = {};
      for (const [name, text] of Object.entries(raw.files)) {
        str(name, `${what}.files name`, RUN_LIMITS.name);
        files[name] = str(text, `${what}.files["${name}"]`, RUN_LIMITS.text)!;
      }
      return { ...base, op: 'kubectl', command, files };
    }
    case 'fault':
      return { ...base, op: 'fault', fault: checkFault(raw.fault, what) };
    case 'logs':
      return {
        ...base,
        op: 'logs',
        namespace: str(raw.namespace, `${what}.namespace`, RUN_LIMITS.name)!,
        pod: str(raw.pod, `${what}.pod`, RUN_LIMITS.name)!,
        ...(raw.container !== undefined
          ? { container: str(raw.container, `${what}.container`, RUN_LIMITS.name) }
          : {}),
        ...(raw.previous !== undefined ? { previous: raw.previous === true } : {}),
      };
    case 'traffic':
      return {
        ...base,
        op: 'traffic',
        service: str(raw.service, `${what}.service`, RUN_LIMITS.name * 2)!,
        count: num(raw.count, `${what}.count`, 1, 500, true),
        ...(raw.from !== undefined
          ? { from: str(raw.from, `${what}.from`, RUN_LIMITS.name * 2) }
          : {}),
      };
    case 'cancel':
      return { ...base, op: 'cancel', of: num(raw.of, `${what}.of`, 0, i - 1, true) };
    default:
      throw new RunError(
        `${what} has an unknown kind "${String(raw.op).slice(0, 40)}" (apply, delete, kubectl, cancel, fault, logs or traffic)`,
      );
  }
}

/**
 * Checks a decoded run field by field. Actions must be in time order and the moment shown must
 * not come before the last action.
 */
export function validateRun(raw: unknown): Checked<SharedRun> {
  try {
    if (!isObject(raw)) throw new RunError('it is not a kubeglass run');
    if (raw.v !== RUN_FORMAT)
      throw new RunError(
        `it has format version ${JSON.stringify(raw.v)?.slice(0, 20)}; this kubeglass reads version ${RUN_FORMAT}`,
      );
    const shape = checkShape(raw.shape);
    const editor = str(raw.editor, 'the editor text', RUN_LIMITS.text)!;
    if (!Array.isArray(raw.actions)) throw new RunError('the list of actions is missing');
    if (raw.actions.length > RUN_LIMITS.actions)
      throw new RunError(`it has more than ${RUN_LIMITS.actions} actions`);
    const actions: RunAction[] = [];
    let prev: RunMoment = { at: 0, executed: 0 };
    raw.actions.forEach((a, i) => {
      const action = checkAction(a, i, prev);
      actions.push(action);
      prev = action;
    });
    if (!isObject(raw.moment)) throw new RunError('the moment to show is missing');
    const moment: RunMoment = {
      at: num(raw.moment.at, 'moment.at', prev.at, RUN_LIMITS.virtualMs),
      executed: num(raw.moment.executed, 'moment.executed', prev.executed, 2 ** 53, true),
    };
    return { ok: true, value: { v: RUN_FORMAT, shape, editor, actions, moment } };
  } catch (e) {
    if (e instanceof RunError) return { ok: false, error: e.message };
    throw e;
  }
}
