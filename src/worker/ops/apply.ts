import { applyManifest } from '../../engine/kubectl/apply';
import type { Op } from './context';

/** `kubectl apply -f` (or `delete -f`) of the editor's text; one outcome per document. */
function manifestOp(mode: 'apply' | 'delete'): Op<'apply' | 'delete'> {
  return (ctx, args, answer) =>
    applyManifest(
      args.manifest,
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
    );
}

export const applyOp: Op<'apply'> = manifestOp('apply');
export const deleteOp: Op<'delete'> = manifestOp('delete');
