import { applyManifest } from '../../engine/kubectl/apply';
import type { DocumentResult } from '../../protocol';
import type { OpContext } from './context';

/** `kubectl apply -f` (or `delete -f`) of the editor's text; one result per document. */
export function applyOp(
  ctx: OpContext,
  msg: { type: 'apply' | 'delete'; requestId: number; manifest: string },
): void {
  applyManifest(
    msg.manifest,
    'editor.yaml',
    'default',
    (req, cb) => ctx.cluster.request(req, cb),
    (outcomes) => {
      const documents: DocumentResult[] = outcomes.map((o) => ({
        index: o.index,
        ok: o.ok,
        message: o.message,
        range: o.range,
        problems: o.problems,
      }));
      ctx.post({
        type: 'result',
        requestId: msg.requestId,
        ok: outcomes.every((o) => o.ok),
        documents,
      });
    },
    msg.type,
  );
}
