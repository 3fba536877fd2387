/**
 * What the lesson panel shows of a lesson: the learner's steps (`narrate`, `task`, `predict`,
 * `wait-for`), each with the actions the lesson performs before it. `expect`, `expectOutput` and
 * `sample` steps are the headless run's proof that the lesson tells the truth; the panel skips them.
 */
import type { ActionStep, Scenario, ScenarioStep } from '../../engine/publicScenario';

export type LearnerStep = Extract<
  ScenarioStep,
  { narrate: string } | { task: unknown } | { predict: unknown } | { waitFor: unknown }
>;

export interface PanelStep {
  step: LearnerStep;
  /** Actions between the previous learner step and this one, run when the learner arrives. */
  before: ActionStep[];
}

function isAction(s: ScenarioStep): s is ActionStep {
  return 'apply' in s || 'delete' in s || 'kubectl' in s || 'fault' in s || 'wait' in s;
}

/** The learner's steps of a lesson, in order. */
export function panelSteps(lesson: Scenario): PanelStep[] {
  const out: PanelStep[] = [];
  let before: ActionStep[] = [];
  for (const s of lesson.steps) {
    if (isAction(s)) before.push(s);
    else if ('narrate' in s || 'task' in s || 'predict' in s || 'waitFor' in s) {
      out.push({ step: s, before });
      before = [];
    }
  }
  return out;
}

/** The highlight of a learner step. */
export function stepHighlight(step: LearnerStep): string[] {
  if ('narrate' in step) return step.highlight;
  if ('task' in step) return step.task.highlight;
  if ('predict' in step) return step.predict.highlight;
  return step.waitFor.highlight;
}

/** A piece of lesson text: a paragraph (with `inline code` spans) or a code block. */
export type TextBlock =
  { type: 'paragraph'; parts: { code: boolean; text: string }[] } | { type: 'code'; text: string };

/**
 * Lesson text as blocks: each line is a paragraph; a group of lines (between blank lines) that are
 * all indented is a code block (a manifest, a command); `backticks` mark code inside a paragraph.
 * Only text comes out — the panel renders it as React text, never as HTML.
 */
export function textBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const chunk of text.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk
      .split('\n')
      .filter((l, i, all) => l.trim() || (i > 0 && i < all.length - 1));
    if (lines.length === 0) continue;
    if (lines.every((l) => /^\s{2,}\S/.test(l) || !l.trim())) {
      const indent = Math.min(
        ...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length),
      );
      blocks.push({ type: 'code', text: lines.map((l) => l.slice(indent)).join('\n') });
      continue;
    }
    // Each line of prose is a paragraph of its own: authors write one line per paragraph or item.
    for (const line of lines) {
      if (!line.trim()) continue;
      const parts: { code: boolean; text: string }[] = [];
      line
        .trim()
        .split('`')
        .forEach((t, i) => {
          if (t) parts.push({ code: i % 2 === 1, text: t });
        });
      blocks.push({ type: 'paragraph', parts });
    }
  }
  return blocks;
}

/** What a highlight entry points at on the diagram: React Flow node ids and compact pod keys. */
export interface HighlightTargets {
  nodeIds: string[];
  /** Prefixes of node ids (`pod:/registry/pods/default/web-`). */
  nodeIdPrefixes: string[];
}

/**
 * Resolves highlight entries against the components the cluster has: a component id
 * (`kubelet@worker-1`) or kind (`kubelet`, every one of them); `pod/NAME` (or `pod/NS/NAME`,
 * `pod/web-*`); `node/NAME`; other `kind/name` objects light up the Pods named after them
 * (`deployment/web` → `web-…`).
 */
export function highlightTargets(
  entries: readonly string[],
  components: readonly { id: string; kind: string }[],
): HighlightTargets {
  const nodeIds = new Set<string>();
  const nodeIdPrefixes = new Set<string>();
  for (const entry of entries) {
    const slash = entry.indexOf('/');
    if (slash < 0) {
      for (const c of components) if (c.id === entry || c.kind === entry) nodeIds.add(c.id);
      continue;
    }
    const kind = entry.slice(0, slash).toLowerCase();
    const rest = entry.slice(slash + 1);
    const [ns, name] = rest.includes('/') ? rest.split('/', 2) : ['default', rest];
    if (kind === 'node' || kind === 'nodes') {
      nodeIds.add(`group:${name}`);
      nodeIds.add(`node:${name}`);
    } else if (kind === 'pod' || kind === 'pods') {
      if (name.endsWith('*')) nodeIdPrefixes.add(`pod:/registry/pods/${ns}/${name.slice(0, -1)}`);
      else nodeIds.add(`pod:/registry/pods/${ns}/${name}`);
    } else {
      nodeIdPrefixes.add(`pod:/registry/pods/${ns}/${name.replace(/\*$/, '')}-`);
    }
  }
  return { nodeIds: [...nodeIds], nodeIdPrefixes: [...nodeIdPrefixes] };
}
