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

/**
 * The first problem among the objects the actions apply, naming the action; undefined when
 * all are valid. Deletes name objects only, so they are not checked here.
 */
export function firstObjectProblem(actions: readonly RunAction[]): string | undefined {
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i];
    const texts =
      a.op === 'apply' ? [a.manifest] : a.op === 'kubectl' && a.files ? Object.values(a.files) : [];
    for (const text of texts) {
      const problems = manifestProblems(text);
      if (problems.length) return `action ${i + 1} (${a.op}) ${problems[0]}`;
    }
  }
  return undefined;
}
