/**
 * Reading the conditions of a scenario or lesson: `expect`, `expectOutput`, and the `check` of a
 * `task` or `wait-for` (expectations, field conditions and `ran:`). Every key and value is checked
 * here, so the runner and the lesson panel can trust their shape.
 */
import { isSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { resourceForKind } from '../api/resources';
import { describeValue } from './duration';
import type { Condition, Expectation, OutputExpectation } from './format';
import type { Reader } from './parse';
import { compileSafeRegex } from './safeRegex';

/** One key of a mapping with its value, node and line. */
export interface Field {
  key: string;
  node: YamlNode | null;
  value: unknown;
  line: number;
}

const TEXT_KEYS = [
  'kind',
  'namespace',
  'name',
  'phase',
  'status',
  'image',
  'node',
  'reason',
  'message',
  'taint',
  'condition',
] as const;
const BOOLEAN_KEYS = ['ready', 'terminating'] as const;
const COUNT_KEYS = [
  'count',
  'minCount',
  'maxCount',
  'readyAddresses',
  'notReadyAddresses',
  // teach:
  'minRestarts',
] as const;
const EXPECT_KEYS = [...TEXT_KEYS, ...BOOLEAN_KEYS, ...COUNT_KEYS, 'fields'];
/** A dotted path of names and list indexes: `spec.template.spec.containers.0.image`. */
const FIELD_PATH = /^[A-Za-z_$][\w$-]*(\.([A-Za-z_$][\w$/-]*|\d+))*$/;

function isCount(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 0;
}

/** `expect: { kind: Pod, phase: Running, count: 3 }`, every key and value checked. */
export function readExpectation(r: Reader, f: Field, what: string): Expectation {
  const m = r.only(r.entries(f.node, f.line, `\`${what}\``), EXPECT_KEYS, `\`${what}\``);
  const kind = m.get('kind');
  if (!kind) r.fail(f.line, `\`${what}\` needs \`kind:\` (Pod, Deployment, Event, …)`);
  const e: Expectation = { kind: r.text(kind, `${what}.kind`) };
  if (!resourceForKind(e.kind)) r.fail(kind.line, `\`${what}\`: unknown kind "${e.kind}"`);
  for (const [key, field] of m) {
    const v = field.value;
    if ((TEXT_KEYS as readonly string[]).includes(key)) {
      if (typeof v !== 'string')
        r.fail(field.line, `\`${what}.${key}\` is text, not ${describeValue(v)}`);
      (e as unknown as Record<string, unknown>)[key] = v;
    } else if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      (e as unknown as Record<string, unknown>)[key] = r.bool(field, `${what}.${key}`);
    } else if ((COUNT_KEYS as readonly string[]).includes(key)) {
      if (!isCount(v))
        r.fail(field.line, `\`${what}.${key}\` is a whole number ≥ 0, not ${describeValue(v)}`);
      (e as unknown as Record<string, unknown>)[key] = v;
    } else if (key === 'fields') {
      e.fields = {};
      for (const p of r.entries(field.node, field.line, `\`${what}.fields\``)) {
        if (!FIELD_PATH.test(p.key))
          r.fail(p.line, `\`${p.key}\` is not a field path such as spec.replicas`);
        const pv = p.value;
        if (pv !== null && typeof pv === 'object')
          r.fail(p.line, `\`fields.${p.key}\` compares a single value, not ${describeValue(pv)}`);
        e.fields[p.key] = pv as string | number | boolean | null;
      }
    }
  }
  if (e.minCount !== undefined && e.maxCount !== undefined && e.minCount > e.maxCount)
    r.fail(f.line, `\`${what}\`: minCount ${e.minCount} is above maxCount ${e.maxCount}`);
  return e;
}

/** `expectOutput: { contains: …, notContains: …, matches: …, exitCode: … }`. */
export function readOutputExpectation(r: Reader, f: Field): OutputExpectation {
  const m = r.only(
    r.entries(f.node, f.line, '`expectOutput`'),
    ['contains', 'notContains', 'matches', 'exitCode'],
    '`expectOutput`',
  );
  if (m.size === 0)
    r.fail(f.line, '`expectOutput` needs contains, notContains, matches or exitCode');
  const out: OutputExpectation = {};
  for (const key of ['contains', 'notContains'] as const) {
    const field = m.get(key);
    if (!field) continue;
    // A number or boolean in YAML (`contains: 3`) means its text.
    const list = isSeq(field.node) ? (field.value as unknown[]) : [field.value];
    if (list.length === 0 || list.some((s) => s === null || typeof s === 'object'))
      r.fail(field.line, `\`expectOutput.${key}\` is text or a list of texts`);
    const texts = list.map(String);
    out[key] = isSeq(field.node) ? texts : texts[0];
  }
  const matches = m.get('matches');
  if (matches) {
    out.matches = r.text(matches, 'expectOutput.matches');
    try {
      compileSafeRegex(out.matches);
    } catch (e) {
      r.fail(matches.line, (e as Error).message);
    }
  }
  const exit = m.get('exitCode');
  if (exit) {
    if (!isCount(exit.value) || exit.value > 255)
      r.fail(exit.line, `\`expectOutput.exitCode\` is 0 to 255, not ${describeValue(exit.value)}`);
    out.exitCode = exit.value;
  }
  return out;
}

/**
 * The conditions of a `check` or `wait-for`: one mapping or a list. A mapping with `ran:` is a
 * command the learner ran; any other is an expectation.
 */
export function readConditions(r: Reader, f: Field, what: string): Condition[] {
  const items = isSeq(f.node) ? f.node.items : [f.node];
  if (items.length === 0) r.fail(f.line, `\`${what}\` needs at least one condition`);
  return items.map((n) => {
    const item: Field = { key: what, node: n as YamlNode, value: r.js(n), line: r.line(n, f.line) };
    const fields = r.entries(item.node, item.line, `a \`${what}\` condition`);
    const ran = fields.find((x) => x.key === 'ran');
    if (!ran) return readExpectation(r, item, what);
    r.only(fields, ['ran'], `a \`ran\` condition`);
    return { ran: r.texts(ran, 'ran').map((s) => s.trim().replace(/^kubectl\s+/, '')) };
  });
}
