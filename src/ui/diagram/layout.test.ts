import { describe, it, expect } from 'vitest';
import type { ComponentInfo } from '../../protocol';
import { COMPACT_SIZE, layoutDiagram, podNodeId, SIZE, TRAY_ID, workerGroupId } from './layout';
import { compactPods } from './useDiagramLayout';
import type { LayoutInput } from './layout';
import { flowColor, resolveEndpoint, routeForTrace, staggerRanks } from './routes';

function cluster(workers: number, podsPerWorker = 0, pending = 0): LayoutInput {
  const names = Array.from({ length: workers }, (_, i) => `worker-${i + 1}`);
  const cp: ComponentInfo[] = (
    [
      'kube-apiserver',
      'etcd',
      'kube-scheduler',
      'kube-controller-manager',
      'cloud-controller-manager',
    ] as const
  ).map((kind) => ({ id: kind, kind, node: 'control-plane', running: true, watches: [] }));
  cp[3].controllers = [
    { name: 'replicaset', queueDepth: 0 },
    { name: 'deployment', queueDepth: 0 },
  ];
  const nodeComponents = names.flatMap((n) =>
    (['kubelet', 'kube-proxy', 'container-runtime'] as const).map((kind) => ({
      id: `${kind}@${n}`,
      kind,
      node: n,
      running: true,
      watches: [],
    })),
  );
  const podsByNode: Record<string, string[]> = {};
  for (const n of names) {
    podsByNode[n] = Array.from(
      { length: podsPerWorker },
      (_, i) => `/registry/pods/default/${n}-p${i}`,
    );
  }
  const pendingPods = Array.from(
    { length: pending },
    (_, i) => `/registry/pods/default/pending-${i}`,
  );
  return {
    components: [
      ...cp,
      ...nodeComponents,
      { id: 'kubectl', kind: 'kubectl', running: true, watches: [] },
    ],
    workers: names,
    podsByNode,
    pendingPods,
  };
}

function overlaps(a: { x: number; y: number; w: number; h: number }, b: typeof a) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('layoutDiagram', () => {
  it('draws every component, and edges only on real paths', () => {
    const layout = layoutDiagram(cluster(2, 1));
    const ids = new Set(layout.boxes.map((b) => b.id));
    for (const id of [
      'kube-apiserver',
      'etcd',
      'kube-scheduler',
      'kube-controller-manager',
      'cloud-controller-manager',
      'kubectl',
      'kubelet@worker-2',
      'kube-proxy@worker-2',
      'container-runtime@worker-2',
    ]) {
      expect(ids.has(id)).toBe(true);
    }
    const pairs = layout.edges.map((e) => `${e.source}|${e.target}`);
    expect(pairs).toContain('kube-scheduler|kube-apiserver');
    expect(pairs).toContain('kube-apiserver|etcd');
    expect(pairs).toContain('kubelet@worker-1|kube-apiserver');
    expect(pairs).toContain('kubelet@worker-1|container-runtime@worker-1');
    expect(pairs).toContain(
      `kube-proxy@worker-1|${podNodeId('/registry/pods/default/worker-1-p0')}`,
    );
    expect(pairs).toContain('kubectl|kube-apiserver');
    // Components never talk to each other or to etcd directly.
    expect(pairs.filter((p) => p.includes('etcd'))).toEqual(['kube-apiserver|etcd']);
    expect(pairs.some((p) => p.startsWith('kube-scheduler|kubelet'))).toBe(false);
  });

  it('draws the metrics-server addon beside the control plane, apart from every box, joined to kube-apiserver', () => {
    for (const presenter of [false, true]) {
      const input = cluster(3, 2);
      input.components = [...input.components, { id: 'metrics-server', kind: 'metrics-server' }];
      const layout = layoutDiagram({ ...input, presenter });
      const box = layout.boxes.find((b) => b.id === 'metrics-server')!;
      expect(box, 'the addon has a box').toBeDefined();
      for (const other of layout.boxes)
        if (other !== box)
          expect(overlaps(box, other), `${other.id} and metrics-server`).toBe(false);
      const cp = layout.boxes.find((b) => b.type === 'controlPlane')!;
      expect(box.x + box.w).toBeLessThanOrEqual(cp.x);
      expect(layout.edges.map((e) => `${e.source}|${e.target}`)).toContain(
        'kube-apiserver|metrics-server',
      );
    }
    // Without the addon there is no box and no edge.
    expect(layoutDiagram(cluster(3, 2)).boxes.some((b) => b.id === 'metrics-server')).toBe(false);
  });

  it('is deterministic and keeps worker boxes apart from 1 to 50 workers', () => {
    expect(layoutDiagram(cluster(7, 3))).toEqual(layoutDiagram(cluster(7, 3)));
    for (const n of [1, 3, 10, 50]) {
      const groups = layoutDiagram(cluster(n, n === 50 ? 20 : 4)).boxes.filter(
        (b) => b.type === 'workerGroup',
      );
      expect(groups).toHaveLength(n);
      for (let i = 0; i < groups.length; i++) {
        for (let j = i + 1; j < groups.length; j++)
          expect(overlaps(groups[i], groups[j])).toBe(false);
      }
    }
  });

  it('grows a worker with its pods and keeps pods inside it', () => {
    const small = layoutDiagram(cluster(1, 1)).rects.get(workerGroupId('worker-1'))!;
    const big = layoutDiagram(cluster(1, 9));
    const group = big.rects.get(workerGroupId('worker-1'))!;
    expect(group.h).toBeGreaterThan(small.h);
    for (const b of big.boxes.filter((b) => b.type === 'pod')) {
      expect(b.x >= group.x && b.x + b.w <= group.x + group.w).toBe(true);
      expect(b.y >= group.y && b.y + b.h <= group.y + group.h).toBe(true);
    }
  });

  it('outside presenter mode, large type is no wider than its three workers (the tray fits above them)', () => {
    const width = (input: LayoutInput) => {
      const boxes = layoutDiagram(input).boxes;
      return Math.max(...boxes.map((b) => b.x + b.w)) - Math.min(...boxes.map((b) => b.x));
    };
    const workersRow = (input: LayoutInput) => {
      const groups = layoutDiagram(input).boxes.filter((b) => b.type === 'workerGroup');
      return Math.max(...groups.map((b) => b.x + b.w)) - Math.min(...groups.map((b) => b.x));
    };
    const compact = { ...cluster(3, 1), presenter: true, compact: true };
    expect(width(compact)).toBe(workersRow(compact));
    // Presenter mode keeps its own (wider) tray.
    expect(width({ ...cluster(3, 1), presenter: true })).toBeGreaterThan(width(compact));
  });

  it("draws the control-plane node's system pods inside its box, below the API server", () => {
    const input = cluster(2, 1);
    const cpPods = [
      'etcd',
      'kube-apiserver',
      'kube-scheduler',
      'kindnet-x',
      'kube-proxy-y',
      'coredns-z',
    ].map((n) => `/registry/pods/kube-system/${n}`);
    const bare = layoutDiagram(input).rects.get('group:control-plane')!;
    const layout = layoutDiagram({
      ...input,
      podsByNode: { ...input.podsByNode, 'control-plane': cpPods },
    });
    const cp = layout.rects.get('group:control-plane')!;
    const api = layout.rects.get('kube-apiserver')!;
    expect(cp.h).toBeGreaterThan(bare.h);
    for (const key of cpPods) {
      const p = layout.rects.get(podNodeId(key))!;
      expect(p.x >= cp.x && p.x + p.w <= cp.x + cp.w && p.y + p.h <= cp.y + cp.h).toBe(true);
      expect(p.y).toBeGreaterThanOrEqual(api.y + api.h);
    }
    const pods = layout.boxes.filter((b) => b.type === 'pod');
    for (const a of pods) for (const b of pods) if (a !== b) expect(overlaps(a, b)).toBe(false);
    // The workers move down with the taller control plane and stay clear of it.
    for (const w of ['worker-1', 'worker-2'])
      expect(layout.rects.get(workerGroupId(w))!.y).toBeGreaterThan(cp.y + cp.h);
  });

  it('large type lays a big cluster out about as wide as tall, so Fit can show all of it', () => {
    // 50 workers of 20 pods in presenter mode and in large type beside the editor: a column of
    // three workers a row was 17 rows tall and could not be fitted in the pane at any zoom.
    const MIN_ZOOM = 0.02;
    for (const compact of [false, true]) {
      const boxes = layoutDiagram({ ...cluster(50, 20), presenter: true, compact }).boxes;
      const w = Math.max(...boxes.map((b) => b.x + b.w)) - Math.min(...boxes.map((b) => b.x));
      const h = Math.max(...boxes.map((b) => b.y + b.h)) - Math.min(...boxes.map((b) => b.y));
      expect(h / w).toBeLessThan(2.5);
      // A 780×350 pane (1280×720 with the editor and dock open) fits it above the minimum zoom.
      expect(Math.min(780 / w, 350 / h)).toBeGreaterThan(MIN_ZOOM);
    }
    // Three workers stay in one row.
    const three = layoutDiagram({ ...cluster(3, 1), presenter: true }).boxes;
    const ys = new Set(three.filter((b) => b.type === 'workerGroup').map((b) => b.y));
    expect(ys.size).toBe(1);
  });

  it('puts unscheduled pods in the tray, at most trayMax of them', () => {
    const layout = layoutDiagram(cluster(1, 0, SIZE.trayMax + 3));
    const tray = layout.rects.get(TRAY_ID)!;
    expect(tray.ref).toBe('3');
    expect(layout.boxes.filter((b) => b.type === 'pod')).toHaveLength(SIZE.trayMax);
  });
});

describe('message routes', () => {
  const layout = layoutDiagram(cluster(2, 2));

  it('sends a message along its edge, reversed for the other direction', () => {
    const up = routeForTrace(layout, { from: 'kubelet@worker-2', to: 'kube-apiserver' })!;
    const down = routeForTrace(layout, { from: 'kube-apiserver', to: 'kubelet@worker-2' })!;
    expect(down).toEqual([...up].reverse());
    const kubelet = layout.rects.get('kubelet@worker-2')!;
    expect(up[0]).toEqual({ x: kubelet.x + kubelet.w / 2, y: kubelet.y });
  });

  it('maps controllers, pods and the user to their boxes, and skips unknown endpoints', () => {
    expect(resolveEndpoint('kube-controller-manager/replicaset-controller', layout)).toBe(
      'kube-controller-manager',
    );
    expect(resolveEndpoint('pod/default/worker-1-p1', layout)).toBe(
      podNodeId('/registry/pods/default/worker-1-p1'),
    );
    expect(resolveEndpoint('user', layout)).toBe('kubectl');
    expect(routeForTrace(layout, { from: 'nobody', to: 'kube-apiserver' })).toBeUndefined();
  });

  it('gives one flow the same colour every time and neighbours different ones', () => {
    expect(flowColor(7)).toBe(flowColor(7));
    expect(flowColor(7)).not.toBe(flowColor(8));
  });
});

describe('staggerRanks', () => {
  it('plays a flow in send order within one batch, other flows at once', () => {
    const ranks = staggerRanks([
      { flow: 1, sentAt: 10 },
      { flow: 1, sentAt: 12 },
      { flow: 2, sentAt: 12 },
      { flow: 1, sentAt: 12 },
      { flow: 1, sentAt: 15 },
    ]);
    expect(ranks).toEqual([0, 1, 0, 1, 2]);
  });
});

describe('pods drawn as squares far out (compact)', () => {
  it('groups each worker’s pods and the tray’s, relative to their box; the control plane’s stay nodes', () => {
    const base = cluster(2, 3, 4);
    const input: LayoutInput = {
      ...base,
      podsByNode: {
        ...base.podsByNode,
        'control-plane': ['/registry/pods/kube-system/etcd-control-plane'],
      },
    };
    const layout = layoutDiagram(input);
    const groups = compactPods(layout);
    const tray = layout.rects.get(TRAY_ID)!;
    const inTray = groups.get(TRAY_ID)!;
    expect(inTray.map((p) => p.key)).toEqual(input.pendingPods.slice(0, SIZE.trayMax));
    for (const p of inTray) {
      const box = layout.rects.get(podNodeId(p.key))!;
      expect({ x: p.x, y: p.y }).toEqual({ x: box.x - tray.x, y: box.y - tray.y });
    }
    expect(groups.get(workerGroupId('worker-2'))!.map((p) => p.key)).toEqual(
      input.podsByNode['worker-2'],
    );
    const all = [...groups.values()].flat().map((p) => p.key);
    expect(all).not.toContain('/registry/pods/kube-system/etcd-control-plane');
    expect(all).toHaveLength(4 + 2 * 3);
    // Large type beside the editor: the tray is narrower than its pods; they are still its own.
    const tight = compactPods(layoutDiagram({ ...input, presenter: true, compact: true }));
    expect(tight.get(TRAY_ID)?.length).toBe(COMPACT_SIZE.trayMax);
  });
});
