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
  | { narrate: string; line: number };

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
  /** Pods: bound to this node, or `worker` for any worker, or `control-plane`. */
  node?: string;
  /** Events: reason and message substring. */
  reason?: string;
  message?: string;
  count?: number;
  minCount?: number;
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

const STEP_KEYS = ['apply', 'delete', 'wait', 'kubectl', 'expect', 'fault', 'narrate'];

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
      else if (k === 'expect' || k === 'fault') {
        if (!r[k] || typeof r[k] !== 'object') throw new Error(`\`${k}\` takes a mapping`);
        steps.push({ [k]: r[k], line } as ScenarioStep);
      } else steps.push({ [k]: String(r[k]), line } as ScenarioStep);
    } catch (e) {
      throw new ScenarioError(`line ${line}: ${(e as Error).message}`, line);
    }
  });
  return { cluster, steps };
}
