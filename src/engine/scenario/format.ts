import { LineCounter, parseDocument } from 'yaml';
import { parseDuration } from './duration';

/** One step of a scenario (architecture principle 8). */
export type ScenarioStep =
  | { apply: string; line: number }
  | { delete: string; line: number }
  | { wait: number; line: number }
  | { kubectl: string; line: number }
  | { expect: Expectation; line: number }
  | { fault: Fault; line: number }
  | { narrate: string; line: number }
  | { expectOutput: OutputExpectation; line: number }
  | { sample: Sample; line: number };

/**
 * `expectOutput: { contains: "NotReady" }` — checked against what the previous `kubectl` step
 * printed (stdout then stderr).
 */
export interface OutputExpectation {
  /** Substrings that must all appear. */
  contains?: string | string[];
  /** Substrings that must not appear. */
  notContains?: string | string[];
  /** A regular expression (JavaScript syntax, multiline) the output must match. */
  matches?: string;
  /** kubectl's exit code. */
  exitCode?: number;
}

/**
 * `sample: { for: 60s, every: 1s, expect: [ … ] }` — advance virtual time in steps of `every`
 * and check every expectation after each step (invariants while a rollout runs).
 */
export interface Sample {
  /** Virtual ms to run for. */
  for: number;
  /** Virtual ms between checks. */
  every: number;
  expect: Expectation[];
}

/** `expect: { kind: Pod, phase: Running, count: 3 }` — checked against the cluster's objects. */
export interface Expectation {
  kind: string;
  namespace?: string;
  /** An exact name, or a prefix ending in `*` (`web-*`). */
  name?: string;
  phase?: string;
  /** Pods: the STATUS column as kubectl prints it (`CrashLoopBackOff`, `Completed`). */
  status?: string;
  /** Pods: all containers ready. */
  ready?: boolean;
  /** Pods: one of the containers runs this image. */
  image?: string;
  /** Pods: bound to this node, or `worker` for any worker, or `control-plane`. */
  node?: string;
  /** Events: reason and message substring. */
  reason?: string;
  message?: string;
  count?: number;
  minCount?: number;
  /** At most this many matching objects. */
  maxCount?: number;
  /** Whether the object has a deletionTimestamp (kubectl's `Terminating`). */
  terminating?: boolean;
  /** Nodes: carries a taint with this key (or `key:Effect`). */
  taint?: string;
  /** Objects with `status.conditions` (Job, Deployment, Node): this condition type is True. */
  condition?: string;
  /** Endpoints: the number of ready addresses over all subsets. */
  readyAddresses?: number;
  /** Endpoints: the number of not-ready addresses over all subsets. */
  notReadyAddresses?: number;
}

/** `fault: { stop: kubelet, node: worker-2 }`, `{ start: kube-scheduler }`, `{ deleteVM: worker-3 }`. */
export interface Fault {
  stop?: string;
  start?: string;
  node?: string;
  deleteVM?: string;
}

export interface Scenario {
  cluster: { workers: number; cpu: string; memory: string; seed: number | string };
  steps: ScenarioStep[];
}

export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const STEP_KEYS = [
  'apply',
  'delete',
  'wait',
  'kubectl',
  'expect',
  'fault',
  'narrate',
  'expectOutput',
  'sample',
];

/** `sample: { for: 60s, every: 1s, expect: [...] }` with its durations parsed. */
function parseSample(raw: unknown): Sample {
  if (!raw || typeof raw !== 'object') throw new Error('`sample` takes a mapping');
  const r = raw as { for?: string | number; every?: string | number; expect?: unknown };
  if (r.for === undefined) throw new Error('`sample` needs `for:` (a duration such as 60s)');
  const expect = Array.isArray(r.expect) ? r.expect : r.expect ? [r.expect] : [];
  if (expect.length === 0 || expect.some((e) => !e || typeof e !== 'object'))
    throw new Error('`sample` needs `expect:` with one or more expectations');
  const every = r.every === undefined ? 1000 : parseDuration(r.every);
  if (every <= 0) throw new Error('`sample.every` must be positive');
  return { for: parseDuration(r.for), every, expect: expect as Expectation[] };
}

/** Parse a scenario file; errors name the line. */
export function parseScenario(text: string): Scenario {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const p = lc.linePos(e.pos[0]);
    throw new ScenarioError(`line ${p.line}, column ${p.col}: ${e.message.split('\n')[0]}`, p.line);
  }
  const data = doc.toJS() as { cluster?: Partial<Scenario['cluster']>; steps?: unknown[] } | null;
  if (!data || typeof data !== 'object')
    throw new ScenarioError('a scenario is a mapping with `cluster` and `steps`');
  const c = data.cluster ?? {};
  const cluster = {
    workers: Number(c.workers ?? 3),
    cpu: String(c.cpu ?? '4'),
    memory: String(c.memory ?? '8Gi'),
    seed: c.seed ?? 42,
  };
  if (!Number.isInteger(cluster.workers) || cluster.workers < 1 || cluster.workers > 500) {
    throw new ScenarioError('cluster.workers must be a whole number from 1 to 500');
  }
  const stepsNode = doc.get('steps', true) as
    { items?: { range?: [number, number, number] }[] } | undefined;
  const steps: ScenarioStep[] = [];
  (data.steps ?? []).forEach((raw, i) => {
    const offset = stepsNode?.items?.[i]?.range?.[0] ?? 0;
    const line = lc.linePos(offset).line;
    if (!raw || typeof raw !== 'object')
      throw new ScenarioError(`line ${line}: a step is a mapping such as \`wait: 30s\``, line);
    const keys = Object.keys(raw).filter((k) => STEP_KEYS.includes(k));
    if (keys.length !== 1) {
      throw new ScenarioError(
        `line ${line}: a step has exactly one of ${STEP_KEYS.join(', ')} (found ${Object.keys(raw).join(', ') || 'nothing'})`,
        line,
      );
    }
    const r = raw as Record<string, unknown>;
    const k = keys[0];
    try {
      if (k === 'wait') steps.push({ wait: parseDuration(r.wait as string), line });
      else if (k === 'sample') steps.push({ sample: parseSample(r.sample), line });
      else if (k === 'expect' || k === 'fault' || k === 'expectOutput') {
        if (!r[k] || typeof r[k] !== 'object') throw new Error(`\`${k}\` takes a mapping`);
        steps.push({ [k]: r[k], line } as ScenarioStep);
      } else steps.push({ [k]: String(r[k]), line } as ScenarioStep);
    } catch (e) {
      throw new ScenarioError(`line ${line}: ${(e as Error).message}`, line);
    }
  });
  return { cluster, steps };
}
