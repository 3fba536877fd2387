import { applyManifest } from '../../engine/kubectl/apply';
import type { Answer, Op, OpContext } from './context';

/**
 * `kubectl apply -f` (or `delete -f`) of the editor's text; one outcome per document. Text the
 * parser gives up on (a YAML alias bomb) is an error of the manifest, never of the simulation.
 */
function manifestOp(mode: 'apply' | 'delete'): Op<'apply' | 'delete'> {
  return (ctx, args, answer) => {
    try {
      applyText(ctx, args.manifest, answer, mode);
    } catch (e) {
      const message = `error: ${e instanceof Error ? e.message : String(e)}`;
      answer.reply({ ok: false, documents: [{ index: 0, ok: false, message }] });
    }
  };
}

function applyText(
  ctx: OpContext,
  manifest: string,
  answer: Answer<'apply' | 'delete'>,
  mode: 'apply' | 'delete',
): void {
  applyManifest(
    manifest,
    'editor.yaml',
    'default',
    (req, cb) => ctx.cluster.request(req, cb),
    (outcomes) =>
      answer.reply({
        ok: outcomes.every((o) => o.ok),
        documents: outcomes.map((o) => ({
          index: o.index,
          ok: o.ok,
          message: o.message,
          range: o.range,
          problems: o.problems,
        })),
      }),
    mode,
    // crd: the custom resources served now, as kubectl's discovery finds them.
    { discovery: ctx.cluster.api.customResources.discovery() },
  );
}

export const applyOp: Op<'apply'> = manifestOp('apply');
export const deleteOp: Op<'delete'> = manifestOp('delete');
