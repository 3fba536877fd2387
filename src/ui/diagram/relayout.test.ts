import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ComponentInfo } from '../../protocol';
import { layoutDiagram } from './layout';
import type { Layout, LayoutInput } from './layout';
import { relayout, relayoutWorkers } from './relayout';

const WORKERS = Array.from({ length: 7 }, (_, i) => `worker-${i + 1}`);
const COMPONENTS: ComponentInfo[] = [
  ...(['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager'] as const).map(
    (kind) => ({ id: kind, kind, node: 'control-plane', running: true, watches: [] }),
  ),
  ...WORKERS.flatMap((n) =>
    (['kubelet', 'kube-proxy', 'container-runtime'] as const).map((kind) => ({
      id: `${kind}@${n}`,
      kind,
      node: n,
      running: true,
      watches: [],
    })),
  ),
];

const NONE: readonly string[] = [];

/** Everything a reader of the layout sees, as plain data. */
function contents(l: Layout) {
  const sorted = <T>(m: Map<string, T>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return {
    boxes: l.boxes,
    edges: l.edges,
    routes: sorted(l.routes),
    rects: sorted(l.rects),
    spans: sorted(l.parts.spans),
  };
}

/** A frame's change: pods created on, deleted from or moved between nodes ('' is the tray). */
// Mostly workers and the tray: the control plane's pods always take the full layout.
const NODES = [...WORKERS, ...WORKERS, ...WORKERS, '', '', 'control-plane'];
const change = fc.record({
  from: fc.constantFrom(...NODES),
  to: fc.constantFrom(...NODES),
  what: fc.constantFrom('create', 'delete', 'move'),
});

describe('relayout', () => {
  it('equals a full layout after any sequence of pods created, deleted and moved', () => {
    let partial = 0;
    let frames = 0;
    // Partial relayouts where a worker's box grew or shrank (its grid row kept its height).
    let resized = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(change, { minLength: 1, maxLength: 2 }), { maxLength: 25 }),
        fc.boolean(),
        // Room kept for pods a worker had lately (podSlots), changed now and then.
        fc.array(
          fc.option(fc.record({ w: fc.constantFrom(...WORKERS), n: fc.nat(14) }), {
            freq: 3,
          }),
          { maxLength: 25 },
        ),
        (steps, presenter, slotChanges) => {
          let slots: Record<string, number> | undefined;
          let next = 0;
          let byNode: Record<string, readonly string[]> = {};
          for (const w of WORKERS)
            byNode[w] = Array.from({ length: 8 }, () => `/registry/pods/default/p${next++}`);
          const input = (): LayoutInput => ({
            components: COMPONENTS,
            workers: WORKERS,
            podsByNode: byNode,
            pendingPods: byNode[''] ?? NONE,
            presenter,
            podSlots: slots,
          });
          let prevInput = input();

          let layout = layoutDiagram(prevInput);
          for (const [i, step] of steps.entries()) {
            const slot = slotChanges[i];
            if (slot) slots = { ...slots, [slot.w]: slot.n };
            // Lists that change are new arrays; the others keep their identity, as in the store.
            const lists: Record<string, string[]> = {};
            const list = (n: string) => (lists[n] ??= [...(byNode[n] ?? [])]);
            for (const c of step) {
              if (c.what !== 'create' && list(c.from).length) {
                const [key] = list(c.from).splice(0, 1);
                if (c.what === 'move') list(c.to).push(key);
              } else if (c.what === 'create') list(c.to).push(`/registry/pods/default/p${next++}`);
            }
            byNode = { ...byNode, ...lists };
            const now = input();
            frames++;
            const quick = relayoutWorkers(layout, now);
            if (quick) {
              partial++;
              const heights = (l: Layout) =>
                l.boxes.filter((b) => b.type === 'workerGroup').map((b) => b.h);
              if (heights(quick).join() !== heights(layout).join()) resized++;
            }
            layout = relayout(layout, now);
            expect(contents(layout)).toEqual(contents(layoutDiagram(now)));
            prevInput = now;
          }
        },
      ),
      { numRuns: 60 },
    );
    // The partial path must be the one mostly tested, not the fallback.
    expect(partial).toBeGreaterThan(frames / 4);
    expect(resized).toBeGreaterThan(0);
  });
});
