/**
 * Reading a scenario or lesson file: every step's shape and every value is checked, and an error
 * names the line of the offending key, so a typo never surfaces later as a JavaScript error or an
 * endless run. Conditions (`expect`, `check`, `wait-for`) are read by `parseConditions.ts`.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode, YAMLMap } from 'yaml';
import { describeValue, parseScenarioDuration } from './duration';
import { ScenarioError } from './error';
import type {
  ActionStep,
  Fault,
  Prediction,
  Scenario,
  ScenarioStep,
  Task,
  WaitFor,
} from './format';
import { readConditions, readExpectation, readOutputExpectation } from './parseConditions';
import type { Field } from './parseConditions';

const ACTION_KINDS = ['apply', 'delete', 'kubectl', 'fault', 'wait'];
const STEP_KINDS = [
  ...ACTION_KINDS,
  'expect',
  'expectOutput',
  'sample',
  'narrate',
  'task',
  'predict',
  'wait-for',
];
/** The keys a step may carry beside its kind. */
const MODIFIERS: Record<string, string[]> = {
  apply: ['expectError'],
  delete: ['expectError'],
  kubectl: ['expectError'],
  fault: ['expectError'],
  narrate: ['highlight'],
  task: ['check', 'hints', 'solution', 'within', 'highlight'],
  predict: ['choices', 'answer', 'why', 'then', 'highlight'],
  'wait-for': ['text', 'timeout', 'notBefore', 'highlight'],
};
/** A `sample` checks at most this many times (a 30-day sample every millisecond would not end). */
const MAX_SAMPLES = 100_000;
const DEFAULT_WITHIN_MS = 5 * 60_000;
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** Reads fields of YAML nodes with their lines. */
export class Reader {
  constructor(private readonly lc: LineCounter) {}

  line(node: unknown, fallback: number): number {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.lc.linePos(range[0]).line : fallback;
  }

  fail(line: number, message: string): never {
    throw new ScenarioError(`line ${line}: ${message}`, line);
  }

  /** The pairs of a mapping node, with each key's line; fails when the node is not a mapping. */
  entries(node: unknown, line: number, what: string): Field[] {
    if (!isMap(node))
      this.fail(line, `${what} is a mapping (key: value), not ${describeValue(this.js(node))}`);
    return (node as YAMLMap).items.map((pair) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const at = this.line(pair.key, line);
      return { key, node: pair.value as YamlNode | null, line: at, value: this.js(pair.value) };
    });
  }

  js(node: unknown): unknown {
    if (node === null || node === undefined) return null;
    return (node as { toJSON(): unknown }).toJSON();
  }

  text(f: Field, what: string, allowEmpty = false): string {
    if (typeof f.value !== 'string' || (!allowEmpty && f.value.trim() === ''))
      this.fail(f.line, `\`${what}\` needs text, not ${describeValue(f.value)}`);
    return f.value;
  }

  texts(f: Field, what: string): string[] {
    const items = isSeq(f.node) ? f.node.items : [f.node];
    return items.map((n) =>
      this.text({ ...f, node: n as YamlNode, value: this.js(n), line: this.line(n, f.line) }, what),
    );
  }

  bool(f: Field, what: string): boolean {
    if (typeof f.value !== 'boolean')
      this.fail(f.line, `\`${what}\` is true or false, not ${describeValue(f.value)}`);
    return f.value;
  }

  duration(f: Field, what: string): number {
    try {
      return parseScenarioDuration(f.value, what);
    } catch (e) {
      this.fail(f.line, (e as Error).message);
    }
  }

  /** Only `allowed` keys, each at most once; the fields by key. */
  only(fields: Field[], allowed: string[], what: string): Map<string, Field> {
    const byKey = new Map<string, Field>();
    for (const f of fields) {
      if (!allowed.includes(f.key))
        this.fail(f.line, `unknown key \`${f.key}\` in ${what} (it takes ${allowed.join(', ')})`);
      byKey.set(f.key, f);
    }
    return byKey;
  }
}

/** Parse a scenario or lesson file; errors name the line. */
export function parseScenario(text: string): Scenario {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const p = lc.linePos(e.pos[0]);
    throw new ScenarioError(`line ${p.line}, column ${p.col}: ${e.message.split('\n')[0]}`, p.line);
  }
  const r: Reader = new Reader(lc);
  if (!isMap(doc.contents))
    throw new ScenarioError('line 1: a scenario is a mapping with `cluster` and `steps`', 1);
  const top = r.only(
    r.entries(doc.contents, 1, 'a scenario'),
    ['cluster', 'steps', 'title', 'summary', 'minutes'],
    'a scenario',
  );
  const scenario: Scenario = { cluster: readCluster(r, top.get('cluster')), steps: [] };
  const title = top.get('title');
  if (title) scenario.title = r.text(title, 'title');
  const summary = top.get('summary');
  if (summary) scenario.summary = r.text(summary, 'summary');
  const minutes = top.get('minutes');
  if (minutes) {
    if (typeof minutes.value !== 'number' || !(minutes.value > 0 && minutes.value <= 120))
      r.fail(minutes.line, '`minutes` is a number of minutes from 1 to 120');
    scenario.minutes = minutes.value;
  }
  const steps = top.get('steps');
  if (!steps) r.fail(1, 'a scenario needs `steps:`, a list of steps such as `- wait: 30s`');
  if (!isSeq(steps.node))
    r.fail(
      steps.line,
      `\`steps\` is a list of steps, each starting with \`-\` (such as \`- wait: 30s\`), not ${describeValue(steps.value)}`,
    );
  for (const item of steps.node.items)
    scenario.steps.push(readStep(r, item, steps.line, STEP_KINDS));
  return scenario;
}

function readCluster(r: Reader, f: Field | undefined): Scenario['cluster'] {
  const cluster: Scenario['cluster'] = { workers: 3, cpu: '4', memory: '8Gi', seed: 42 };
  if (!f) return cluster;
  const c = r.only(
    r.entries(f.node, f.line, '`cluster`'),
    ['workers', 'cpu', 'memory', 'seed', 'metricsServer'],
    '`cluster`',
  );
  const workers = c.get('workers');
  if (workers) {
    if (
      !Number.isInteger(workers.value) ||
      (workers.value as number) < 1 ||
      (workers.value as number) > 500
    )
      r.fail(
        workers.line,
        `cluster.workers must be a whole number from 1 to 500, not ${describeValue(workers.value)}`,
      );
    cluster.workers = workers.value as number;
  }
  for (const key of ['cpu', 'memory'] as const) {
    const q = c.get(key);
    if (!q) continue;
    if (typeof q.value !== 'string' && typeof q.value !== 'number')
      r.fail(
        q.line,
        `cluster.${key} is a quantity such as ${key === 'cpu' ? "'4'" : '8Gi'}, not ${describeValue(q.value)}`,
      );
    cluster[key] = String(q.value);
  }
  const seed = c.get('seed');
  if (seed) {
    if (typeof seed.value !== 'string' && !Number.isInteger(seed.value))
      r.fail(seed.line, `cluster.seed is a whole number or text, not ${describeValue(seed.value)}`);
    cluster.seed = seed.value as number | string;
  }
  const metrics = c.get('metricsServer');
  if (metrics) {
    if (typeof metrics.value !== 'boolean')
      r.fail(
        metrics.line,
        `cluster.metricsServer is true or false, not ${describeValue(metrics.value)}`,
      );
    if (metrics.value) cluster.metricsServer = true;
  }
  return cluster;
}

/** One step; `kinds` are the step kinds allowed where it stands. */
function readStep(r: Reader, node: unknown, parentLine: number, kinds: string[]): ScenarioStep {
  const line = r.line(node, parentLine);
  if (!isMap(node))
    r.fail(line, `a step is a mapping such as \`wait: 30s\`, not ${describeValue(r.js(node))}`);
  const fields = r.entries(node, line, 'a step');
  const found = fields.filter((f) => STEP_KINDS.includes(f.key));
  if (found.length !== 1)
    r.fail(
      line,
      `a step has exactly one of ${kinds.join(', ')} (found ${fields.map((f) => f.key).join(', ') || 'nothing'})`,
    );
  const main = found[0];
  const kind = main.key;
  if (!kinds.includes(kind))
    r.fail(main.line, `\`${kind}\` cannot stand here: only ${kinds.join(', ')}`);
  const mods = r.only(
    fields.filter((f) => f !== main),
    MODIFIERS[kind] ?? [],
    `a \`${kind}\` step`,
  );
  const expectError = mods.get('expectError');
  const err = expectError ? { expectError: r.bool(expectError, 'expectError') } : {};
  const highlight = mods.get('highlight') ? r.texts(mods.get('highlight')!, 'highlight') : [];
  switch (kind) {
    case 'apply':
      return { apply: r.text(main, 'apply'), line, ...err };
    case 'delete':
      return { delete: r.text(main, 'delete'), line, ...err };
    case 'kubectl': {
      const cmd = r.text(main, 'kubectl').trim();
      return { kubectl: cmd.replace(/^kubectl\s+/, ''), line, ...err };
    }
    case 'wait':
      return { wait: r.duration(main, 'wait'), line };
    case 'fault':
      return { fault: readFault(r, main), line, ...err };
    case 'narrate':
      return { narrate: r.text(main, 'narrate'), highlight, line };
    case 'expect':
      return { expect: readExpectation(r, main, 'expect'), line };
    case 'expectOutput':
      return { expectOutput: readOutputExpectation(r, main), line };
    case 'sample':
      return { sample: readSample(r, main), line };
    case 'task':
      return { task: readTask(r, main, mods, highlight), line };
    case 'predict':
      return { predict: readPrediction(r, main, mods, highlight), line };
    default:
      return { waitFor: readWaitFor(r, main, mods, highlight), line };
  }
}

function readActions(r: Reader, f: Field, what: string): ActionStep[] {
  const items = isSeq(f.node) ? f.node.items : isMap(f.node) ? [f.node] : null;
  if (!items || items.length === 0)
    r.fail(f.line, `\`${what}\` is a list of steps (apply, delete, kubectl, fault, wait)`);
  return items.map((n) => readStep(r, n, f.line, ACTION_KINDS) as ActionStep);
}

function readFault(r: Reader, f: Field): Fault {
  const m = r.only(
    r.entries(f.node, f.line, '`fault`'),
    ['stop', 'start', 'node', 'deleteVM'],
    '`fault`',
  );
  const actions = ['stop', 'start', 'deleteVM'].filter((k) => m.has(k));
  if (actions.length !== 1)
    r.fail(f.line, 'a fault says one of `stop:`, `start:` or `deleteVM:` and the component or VM');
  const fault: Fault = {};
  for (const [k, v] of m) fault[k as keyof Fault] = r.text(v, `fault.${k}`);
  if (fault.node && fault.deleteVM)
    r.fail(m.get('node')!.line, '`fault.node` goes with `stop` or `start`');
  return fault;
}

function readSample(
  r: Reader,
  f: Field,
): { for: number; every: number; expect: ReturnType<typeof readExpectation>[] } {
  const m = r.only(r.entries(f.node, f.line, '`sample`'), ['for', 'every', 'expect'], '`sample`');
  const forField = m.get('for');
  if (!forField) r.fail(f.line, '`sample` needs `for:` (a duration such as 60s)');
  const every = m.get('every') ? r.duration(m.get('every')!, 'sample.every') : 1000;
  if (every <= 0) r.fail(m.get('every')!.line, '`sample.every` must be positive');
  const forMs = r.duration(forField, 'sample.for');
  if (forMs / every > MAX_SAMPLES)
    r.fail(
      forField.line,
      `\`sample\` would check ${Math.ceil(forMs / every)} times; at most ${MAX_SAMPLES}`,
    );
  const e = m.get('expect');
  if (!e) r.fail(f.line, '`sample` needs `expect:` with one or more expectations');
  const items = isSeq(e.node) ? e.node.items : [e.node];
  if (items.length === 0) r.fail(e.line, '`sample` needs `expect:` with one or more expectations');
  const expect = items.map((n) =>
    readExpectation(
      r,
      { key: 'expect', node: n as YamlNode, value: r.js(n), line: r.line(n, e.line) },
      'sample.expect',
    ),
  );
  return { for: forMs, every, expect };
}

function readTask(r: Reader, main: Field, mods: Map<string, Field>, highlight: string[]): Task {
  const check = mods.get('check');
  if (!check) r.fail(main.line, 'a `task` needs `check:`, the condition that tells it is done');
  const solution = mods.get('solution');
  if (!solution) r.fail(main.line, 'a `task` needs `solution:`, the steps that do it');
  const within = mods.get('within');
  return {
    text: r.text(main, 'task'),
    check: readConditions(r, check, 'check'),
    hints: mods.get('hints') ? r.texts(mods.get('hints')!, 'hints') : [],
    solution: readActions(r, solution, 'solution'),
    within: within ? r.duration(within, 'within') : DEFAULT_WITHIN_MS,
    highlight,
  };
}

function readPrediction(
  r: Reader,
  main: Field,
  mods: Map<string, Field>,
  highlight: string[],
): Prediction {
  const choicesField = mods.get('choices');
  if (!choicesField) r.fail(main.line, 'a `predict` needs `choices:`, a list of answers');
  const choices = r.texts(choicesField, 'choices');
  if (choices.length < 2 || !isSeq(choicesField.node))
    r.fail(choicesField.line, '`choices` is a list of at least two answers');
  const answer = mods.get('answer');
  if (!answer) r.fail(main.line, 'a `predict` needs `answer:`, the right choice as written');
  const index = choices.indexOf(String(answer.value));
  if (index < 0)
    r.fail(
      answer.line,
      `\`answer\` must be one of the choices, written the same (got ${describeValue(answer.value)})`,
    );
  const why = mods.get('why');
  if (!why) r.fail(main.line, 'a `predict` needs `why:`, the explanation shown after the answer');
  const then = mods.get('then');
  return {
    question: r.text(main, 'predict'),
    choices,
    answer: index,
    why: r.text(why, 'why'),
    then: then ? readActions(r, then, 'then') : [],
    highlight,
  };
}

function readWaitFor(
  r: Reader,
  main: Field,
  mods: Map<string, Field>,
  highlight: string[],
): WaitFor {
  const timeout = mods.get('timeout');
  const notBefore = mods.get('notBefore');
  const text = mods.get('text');
  const w: WaitFor = {
    check: readConditions(r, main, 'wait-for'),
    timeout: timeout ? r.duration(timeout, 'timeout') : DEFAULT_TIMEOUT_MS,
    highlight,
  };
  if (w.timeout <= 0) r.fail(timeout!.line, '`timeout` must be positive');
  if (notBefore) w.notBefore = r.duration(notBefore, 'notBefore');
  if (text) w.text = r.text(text, 'text');
  return w;
}
