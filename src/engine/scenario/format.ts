/**
 * The scenario format (architecture principle 8): one YAML format for tests, demos and lessons.
 * A scenario names the cluster's shape and a list of steps; a lesson is a scenario with a title
 * and the learner's steps (`narrate`, `task`, `predict`, `wait-for`). Parsing and validation
 * live in `parse.ts`; the headless runner in `runner.ts`.
 */
export { parseScenario } from './parse';

/** A step that acts on the cluster: what a `task`'s `solution` and a `predict`'s `then` hold. */
export type ActionStep =
  | { apply: string; line: number; expectError?: boolean }
  | { delete: string; line: number; expectError?: boolean }
  | { kubectl: string; line: number; expectError?: boolean }
  | { fault: Fault; line: number; expectError?: boolean }
  | { wait: number; line: number };

/** One step of a scenario or lesson. */
export type ScenarioStep =
  | ActionStep
  | { expect: Expectation; line: number }
  | { expectOutput: OutputExpectation; line: number }
  | { sample: Sample; line: number }
  | { narrate: string; highlight: string[]; line: number }
  | { task: Task; line: number }
  | { predict: Prediction; line: number }
  | { waitFor: WaitFor; line: number };

/**
 * `expectOutput: { contains: "NotReady" }` — checked against what the previous `kubectl` step
 * printed (stdout then stderr).
 */
export interface OutputExpectation {
  /** Substrings that must all appear. */
  contains?: string | string[];
  /** Substrings that must not appear. */
  notContains?: string | string[];
  /** A regular expression (JavaScript syntax, multiline) the output must match; see safeRegex.ts. */
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
  /** Absent: every namespace but the system ones (kube-system, local-path-storage). */
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
  // teach:
  /**
   * Pod: its containers restarted at least this many times in all (kubectl's RESTARTS). "At
   * least", because a liveness-probed container goes on restarting while a learner reads.
   */
  minRestarts?: number;
  /** Endpoints: the number of ready addresses over all subsets. */
  readyAddresses?: number;
  /** Endpoints: the number of not-ready addresses over all subsets. */
  notReadyAddresses?: number;
  /**
   * Fields of the object by dotted path and the value each must have:
   * `{ spec.replicas: 5, status.readyReplicas: 5, spec.template.spec.containers.0.image: nginx:1.27 }`.
   */
  fields?: Record<string, string | number | boolean | null>;
}

/**
 * One condition a `task` or `wait-for` checks: an expectation on the cluster's objects (events
 * are objects too), or `ran:` — a kubectl command the learner ran, by its first words
 * (`ran: logs` is met by `kubectl logs web`; a list means any of them).
 */
export type Condition = Expectation | { ran: string[] };

/** `task:` — something the learner does; met when every condition of `check` holds. */
export interface Task {
  /** What to do, as the learner reads it. */
  text: string;
  check: Condition[];
  /** Shown one at a time, when asked for. */
  hints: string[];
  /** What the headless runner does (and the panel's "Show me"). */
  solution: ActionStep[];
  /** How long the check may take to hold after the solution ran (virtual ms; default 5 min). */
  within: number;
  highlight: string[];
}

/** `predict:` — a question asked before an action; `then` is the action, `why` the answer. */
export interface Prediction {
  question: string;
  choices: string[];
  /** Index of the right choice. */
  answer: number;
  why: string;
  /** Steps the lesson performs once the learner has answered. */
  then: ActionStep[];
  highlight: string[];
}

/**
 * `wait-for:` — the lesson pauses, with the clock running, until the conditions hold. `timeout`
 * (default 10 min) fails a headless run; `notBefore` fails it when they hold too soon, so a lesson
 * that says "after about 40 seconds" checks it.
 */
export interface WaitFor {
  check: Condition[];
  text?: string;
  timeout: number;
  notBefore?: number;
  highlight: string[];
}

/** `fault: { stop: kubelet, node: worker-2 }`, `{ start: kube-scheduler }`, `{ deleteVM: worker-3 }`. */
export interface Fault {
  stop?: string;
  start?: string;
  node?: string;
  deleteVM?: string;
}

export interface Scenario {
  cluster: {
    workers: number;
    cpu: string;
    memory: string;
    seed: number | string;
    /** `metricsServer: true`: the metrics-server addon runs (`kubectl top`, autoscaling). */
    metricsServer?: boolean;
  };
  steps: ScenarioStep[];
  /** Lessons: the title, one-line summary and expected minutes shown in the lesson list. */
  title?: string;
  summary?: string;
  minutes?: number;
}

export { ScenarioError } from './error';
