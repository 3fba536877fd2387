/**
 * The objects a run would apply, checked before anything is rebuilt from a link or a file: each
 * document must parse, and each object of a kind the API server knows must pass its validation
 * (defaults first, as the API server applies them before validating). A hostile name such as
 * `<img src=x onerror=alert(1)>` fails here with the API server's own message.
 */
import { parseManifest } from '../api/manifest';
import { applyDefaults } from '../api/defaults';
import { resourceForKind } from '../api/resources';
import { validateObject } from '../api/validation';
import { formatFieldError } from '../api/fielderrors';
import type { RunAction } from './run';

/** Problems of one manifest, as sentences; empty when every document is acceptable. */
export function manifestProblems(text: string): string[] {
  const problems: string[] = [];
  for (const doc of parseManifest(text).documents) {
    const where = `document ${doc.index + 1}`;
    if (!doc.object) {
      const p = doc.errors[0];
      problems.push(`${where}, line ${p.range.line}: ${p.message.split('\n')[0]}`);
      continue;
    }
    const kind = String(doc.object.kind ?? '');
    if (!resourceForKind(kind)) continue; // the API server answers "no matches for kind", as live
    const obj = JSON.parse(JSON.stringify(doc.object)) as typeof doc.object;
    applyDefaults(obj);
    const errs = validateObject(obj);
    if (errs.length) {
      const name = String(doc.object.metadata?.name ?? '');
      problems.push(`${where}: ${kind} "${name}": ${formatFieldError(errs[0])}`);
    }
  }
  return problems;
}

/** The manifest texts an action applies (deletes name objects only: not checked). */
function appliedTexts(a: RunAction): string[] {
  return a.op === 'apply'
    ? [a.manifest]
    : a.op === 'kubectl' && a.files
      ? Object.values(a.files)
      : [];
}

/** The problems of the objects one action applies. */
function actionProblems(a: RunAction): string[] {
  return appliedTexts(a).flatMap((text) => manifestProblems(text));
}

/**
 * The first problem among the objects the actions apply, naming the action; undefined when
 * all are valid. An action marked `refused` (the API server refused it in the run shared) is
 * left out: {@link refusedProblems} lists those, for the receiver to be asked about.
 */
export function firstObjectProblem(actions: readonly RunAction[]): string | undefined {
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i];
    if ((a.op === 'apply' || a.op === 'kubectl') && a.refused) continue;
    const problems = actionProblems(a);
    if (problems.length) return `action ${i + 1} (${a.op}) ${problems[0]}`;
  }
  return undefined;
}

/** What the API server refuses in the actions marked `refused`, naming each action. */
export function refusedProblems(actions: readonly RunAction[]): string[] {
  const out: string[] = [];
  actions.forEach((a, i) => {
    if ((a.op === 'apply' || a.op === 'kubectl') && a.refused)
      for (const p of actionProblems(a)) out.push(`action ${i + 1} (${a.op}) ${p}`);
  });
  return out;
}

/**
 * The actions of a run about to be shared, those the API server refused marked `refused`: the
 * link carries them, so the receiver's replay meets the same refusal.
 */
export function markRefused<T extends RunAction>(actions: readonly T[]): T[] {
  return actions.map((a) =>
    (a.op === 'apply' || a.op === 'kubectl') && actionProblems(a).length
      ? { ...a, refused: true }
      : a,
  );
}
