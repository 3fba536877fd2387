/**
 * The timeline's cost (issue 13 item 2): a 30-minute run with 100 pods, recorded as the page
 * records it (every batch the worker sends, reduced into the store's immutable view, kept by the
 * timeline's History), then 50 jumps to random moments. Prints the slowest and median jump and
 * the heap the history holds, beside the targets (200 ms, 200 MB). Reported, never asserted.
 *
 * Run: npm run bench (after the engine and UI benches), or alone:
 *      node --expose-gc node_modules/.bin/tsx bench/timeline.bench.ts
 *      BENCH_TIMELINE_MINUTES=30 BENCH_TIMELINE_PODS=100   the run to record
 */
import {
  PROTOCOL_VERSION,
  type BatchMessage,
  type UiCommand,
  type WorkerToUi,
} from '../src/protocol';
import { createAppStore } from '../src/ui/store/appStore';
import { keysOf } from '../src/ui/store/keyList';
import { History, viewOf } from '../src/ui/timeline/history';
import { Host } from '../src/worker/host';
import * as tools from '../src/worker/ops/tools';

const MINUTES = Number(process.env.BENCH_TIMELINE_MINUTES ?? 30);
const PODS = Number(process.env.BENCH_TIMELINE_PODS ?? 100);
const JUMP_TARGET_MS = 200;
const MEMORY_TARGET_MB = 200;

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${PODS}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          resources: { requests: { cpu: 10m, memory: 16Mi } }
`;

const base = heapMb();
const store = createAppStore();
const history = new History();
let wall = 0;
let tick: (() => void) | undefined;
let host: Host | null = new Host(
  (m: WorkerToUi) => {
    if (m.type === 'snapshot') {
      store.getState().applySnapshot(m);
      history.start(viewOf(store.getState()));
    } else if (m.type === 'batch') {
      store.getState().applyBatches([m as BatchMessage]);
      history.record([m as BatchMessage], viewOf(store.getState()));
    }
  },
  (fn) => {
    tick = fn;
  },
  () => wall,
  () => tools,
);
const send = (m: UiCommand) => host?.receive({ ...m, v: PROTOCOL_VERSION });
const frames = (n: number) => {
  for (let i = 0; i < n; i++) {
    wall += 16;
    const t = tick;
    tick = undefined;
    t?.();
  }
};

const started = performance.now();
send({ type: 'control', action: 'speed', speed: 16 });
send({ type: 'request', op: 'apply', requestId: 1, args: { manifest } } as UiCommand);
// As a teacher would: a few minutes at 16×, then fast-forwards to the half hour.
frames(2_000);
send({ type: 'control', action: 'advance', ms: MINUTES * 60_000 - store.getState().simTime });
let guard = 0;
while (store.getState().simTime < MINUTES * 60_000 - 1 && guard++ < 400_000) frames(50);
const recordSec = (performance.now() - started) / 1000;
const simMin = store.getState().simTime / 60_000;
const pods = keysOf(store.getState().keysByKind, 'Pod').length;
// The engine belongs to the worker: dropped here, so the heap left is the page's store and history.
host = null;
tick = undefined;
const kept = heapMb() - base;

const jumps: number[] = [];
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
for (let i = 0; i < 50; i++) {
  const at = history.start_ + rand() * (history.end - history.start_);
  const t0 = performance.now();
  const view = history.viewAt(at);
  // What the page does with it: one state change.
  store.setState({ ...view, lastTrace: history.inFlight(at) });
  jumps.push(performance.now() - t0);
}
jumps.sort((a, b) => a - b);
const worst = jumps[jumps.length - 1];
const median = jumps[Math.floor(jumps.length / 2)];
const size = history.size;

const mark = (ok: boolean) => (ok ? 'meets' : 'MISSES');
console.log(
  `\ntimeline: ${simMin.toFixed(1)} virtual min, ${pods} pods, recorded in ${recordSec.toFixed(1)} s`,
);
console.log(
  `  history: ${size.keyframes} keyframes, ${size.batches} batches, ${size.messages} messages`,
);
console.log(
  `  jump to a random moment (50): median ${median.toFixed(1)} ms, slowest ${worst.toFixed(1)} ms — target ≤ ${JUMP_TARGET_MS} ms: ${mark(worst <= JUMP_TARGET_MS)}`,
);
console.log(
  `  memory kept (store + history${gc ? '' : ', without --expose-gc: rough'}): ${kept.toFixed(0)} MB — target < ${MEMORY_TARGET_MB} MB: ${mark(kept < MEMORY_TARGET_MB)}`,
);
process.exit(0);
