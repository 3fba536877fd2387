/**
 * The UI at scale, in headless Chromium against `vite preview` of the production build:
 *  - time from navigation to the first painted diagram;
 *  - initial JavaScript before the editor loads (gzip, from the network responses);
 *  - a rolling update of 50 workers × 20 pods (a 1000-replica Deployment whose image changes) with
 *    animation on: median frames per second, 95th-percentile frame time, main-thread long tasks
 *    (none over 100 ms, at most 5 over 50 ms per 20 s), at 1× and 16×, then a second rollout at
 *    16× in presenter mode with the Story and the Objects overlay open.
 * Figures are printed beside the targets and the previous run's (bench/results.json, key
 * `ui`; BENCH_NO_SAVE=1 leaves it as it is), never asserted.
 *
 * Run: npm run bench (it builds dist/ first).
 *      BENCH_UI_SECONDS=20 BENCH_UI_SPEEDS=1,16 tune the measured windows and playback speeds;
 *      BENCH_UI_PROFILE=1 prints where the page's main thread spends its time in each window;
 *      BENCH_UI_PRESENTER=0 leaves out the presenter-mode window;
 *      BENCH_UI_PORT=4174 the port `vite preview` tries first (several benches on one machine).
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { cpus, loadavg } from 'node:os';
import { build, preview } from 'vite';
import { ARGS, CHROMIUM } from './chromium';
import { readResults, saveResult } from './results';

/** 50 workers × 20 pods is the measured case; smaller ones (BENCH_UI_WORKERS, BENCH_UI_REPLICAS) help profiling on a busy machine. */
const WORKERS = Number(process.env.BENCH_UI_WORKERS ?? 50);
const REPLICAS = Number(process.env.BENCH_UI_REPLICAS ?? 1000);
const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 20);
/** Playback speeds the rollout is measured at. */
const SPEEDS = (process.env.BENCH_UI_SPEEDS ?? '1,16').split(',').map(Number);
/** Chunks that belong to the editor, loaded lazily after the diagram. */
const EDITOR_CHUNK = /Monaco|editor\.worker|yaml\.worker|monaco/i;

const manifest = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${REPLICAS}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: ${image}
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
`;

/** Records every animation frame's duration and every long task, until `__stop`. */
const FRAME_RECORDER = `(() => {
  window.__frames = [];
  window.__long = [];
  window.__stop = false;
  // One observer at a time: the previous window's would count every long task twice.
  window.__longObserver?.disconnect();
  window.__longObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push(e.duration);
  });
  window.__longObserver.observe({ type: 'longtask' });
  let last = performance.now();
  function frame(t) {
    window.__frames.push(t - last);
    last = t;
    if (!window.__stop) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})()`;

/** With BENCH_UI_PROFILE=1, the page's main thread is profiled in each measured window. */
const PROFILE = process.env.BENCH_UI_PROFILE === '1';
/**
 * After the speeds, a window at 16× in presenter mode with the Story and the Objects overlay open
 * (BENCH_UI_PRESENTER=0 leaves it out).
 */
const PRESENTER = process.env.BENCH_UI_PRESENTER !== '0';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions the page's main thread spent most of its own time in (self time). */
function printProfile(profile: CpuProfile, label: string): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    if (!f) return;
    const file = f.url.slice(f.url.lastIndexOf('/') + 1);
    const name = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + dt);
  });
  console.log(`  main-thread profile at ${label} (self time, of ${(total / 1000).toFixed(0)} ms):`);
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`    ${((us / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/**
 * Where the renderer's main thread spent its time by trace event (self time): the CPU profile
 * above only says "(program)" for the browser's own work — style, layout, paint, compositing.
 */
function printTimeline(events: TraceEvent[], label: string): void {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return;
  const spans = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  let busy = 0;
  for (const e of spans) {
    const end = e.ts + (e.dur ?? 0);
    while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - (e.dur ?? 0));
    else busy += e.dur ?? 0;
    self.set(e.name, (self.get(e.name) ?? 0) + (e.dur ?? 0));
    stack.push({ end, name: e.name });
  }
  console.log(
    `  main-thread timeline at ${label} (self time by trace event, busy ${(busy / 1000).toFixed(0)} ms):`,
  );
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`    ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** The figures of this run, by label, for bench/results.json. */
const figures: Record<string, number> = {};
/** The previous run's (bench/results.json, key `ui`). */
const previous = readResults().ui;

/**
 * `name   value   target …  ok   previous …`; `raw` is kept in results.json, and `show` prints a
 * figure of the previous run as this one is printed.
 */
function row(
  name: string,
  value: string,
  target: string,
  ok: boolean,
  raw: number,
  show: (n: number) => string,
): string {
  figures[name] = Number(raw.toFixed(1));
  const before = previous?.figures[name];
  return (
    `${name.padEnd(40)} ${value.padStart(12)}   target ${target.padEnd(14)} ${(ok ? 'ok' : 'MISSED').padEnd(6)}` +
    `   previous ${before === undefined ? '—' : show(before)}`
  );
}

/**
 * Counts pods drawn Running, from their accessible names (pod nodes or compact pods). The view
 * stays where it was fitted while workers grow, and pods outside it are not drawn at all: fit
 * first, so every worker is in view.
 */
async function runningPods(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Fit to view' }).click({ timeout: 60_000 });
  await page.waitForTimeout(300);
  return page.locator('[aria-label^="Pod "][aria-label*=", Running, on "]').count();
}

/** Pods per worker from the worker headers' accessible names (`…, 20 pods`). */
async function podsOnWorkers(page: Page): Promise<number> {
  return page.evaluate(() => {
    let n = 0;
    for (const el of document.querySelectorAll('[aria-label^="Node worker"]')) {
      // `…, 20 pods` or, with system pods not drawn, `…, 22 pods (2 system pods not drawn)`.
      const m = /, (\d+) pods?(?: \(\d+ system pods? not drawn\))?$/.exec(
        el.getAttribute('aria-label') ?? '',
      );
      if (m) n += Number(m[1]);
    }
    return n;
  });
}

async function fastForward(page: Page, until: () => Promise<boolean>, label: string) {
  // A busy machine fast-forwards slower: BENCH_UI_FF_TRIES gives it more minutes.
  const tries = Number(process.env.BENCH_UI_FF_TRIES ?? 40);
  for (let i = 0; i < tries && !(await until()); i++) {
    // Set-up, not measured: jump the minute at once rather than watch it.
    await page.getByRole('button', { name: 'Fast-forward 1 minute' }).click({ timeout: 120_000 });
    // The bar re-renders every frame, so it is never "stable" for Playwright: click regardless.
    await page
      .getByRole('group', { name: /^Fast-forwarding/ })
      .getByRole('button', { name: 'Skip' })
      .click({ force: true, timeout: 5_000 })
      .catch(() => undefined);
    await page.waitForTimeout(1500);
  }
  if (!(await until()))
    throw new Error(
      `gave up waiting for ${label} (${await runningPods(page)} pods drawn Running, ` +
        `${await podsOnWorkers(page)} on workers)`,
    );
}

/** Ends the image tag on `line` of the editor with `digit` instead (`nginx:1.27` → `nginx:1.26`). */
async function retag(page: Page, line: number, digit: string): Promise<void> {
  await page.locator('.monaco-editor').first().click();
  await page.keyboard.press('Control+G');
  await page.keyboard.insertText(String(line));
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText(digit);
}

/**
 * One measured window of SECONDS: frames, long tasks and what is drawn at its end, as rows of
 * `lines` labelled `label` (`16×`, `16×, presenter`).
 */
async function measureWindow(page: Page, label: string, lines: string[]): Promise<void> {
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  await page.evaluate(FRAME_RECORDER);
  const profiler = PROFILE ? await page.context().newCDPSession(page) : undefined;
  const traced: TraceEvent[] = [];
  const tracingDone = new Promise<void>((resolve) => {
    profiler?.on('Tracing.dataCollected', (d) =>
      traced.push(...(d.value as unknown as TraceEvent[])),
    );
    profiler?.on('Tracing.tracingComplete', () => resolve());
  });
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.start');
    await profiler.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8',
      transferMode: 'ReportEvents',
    });
  }
  await page.waitForTimeout(SECONDS * 1000);
  if (profiler) {
    const { profile } = await profiler.send('Profiler.stop');
    await profiler.send('Tracing.end');
    await tracingDone;
    printProfile(profile as CpuProfile, label);
    printTimeline(traced, label);
  }
  const m = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __long: number[]; __stop: boolean };
    w.__stop = true;
    return { frames: w.__frames.slice(1), long: w.__long };
  });
  const dots = Number(
    await page
      .getByTestId('message-dots')
      .getAttribute('data-in-flight')
      .catch(() => '0'),
  );
  const running = await runningPods(page);
  const sorted = [...m.frames].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  const fps = 1000 / percentile(sorted, 50);
  const longest = m.long.length ? Math.max(...m.long) : 0;
  const over100 = m.long.filter((d) => d > 100).length;
  console.log(
    `  rolling update at ${label}: ${m.frames.length} frames in ${SECONDS} s, ` +
      `${running} pods Running and ${dots} dots in flight at the end`,
  );
  lines.push(
    row(`median frames per second (${label})`, fps.toFixed(1), '≥ 55', fps >= 55, fps, (n) =>
      n.toFixed(1),
    ),
  );
  lines.push(
    row(
      `95th-percentile frame time (${label})`,
      `${p95.toFixed(1)} ms`,
      '≤ 25 ms',
      p95 <= 25,
      p95,
      (n) => `${n.toFixed(1)} ms`,
    ),
  );
  figures[`long tasks (${label})`] = m.long.length;
  lines.push(
    row(
      `long tasks: count, longest (${label})`,
      `${m.long.length}, ${longest.toFixed(0)} ms`,
      'none > 100 ms',
      over100 === 0,
      longest,
      (n) => `longest ${n.toFixed(0)} ms`,
    ),
  );
  // The second long-task target is a rate: at most 5 over 50 ms in any 20 s.
  const over50 = (m.long.filter((d) => d > 50).length * 20) / SECONDS;
  lines.push(
    row(
      `long tasks over 50 ms per 20 s (${label})`,
      over50.toFixed(0),
      '≤ 5',
      over50 <= 5,
      over50,
      (n) => n.toFixed(0),
    ),
  );
}

async function main() {
  // Always a fresh build: a dist/ left from an older commit would measure old code.
  console.log('building dist/ …');
  await build({ logLevel: 'warn' });
  const port = Number(process.env.BENCH_UI_PORT ?? 4174);
  const server = await preview({ preview: { port, strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0] ?? `http://localhost:${port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const lines: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript((text) => {
      localStorage.setItem('kubeglass.buffer.v1', text);
      // A returning learner: the first-visit tour is done (its card would sit over the diagram).
      localStorage.setItem('kubeglass.tour.v1', 'done');
      const w = window as unknown as { __firstDiagram?: number };
      // The first frame painted with a component of the diagram in it.
      const observer = new MutationObserver(() => {
        if (!document.querySelector('[aria-label="kube-apiserver on control-plane"]')) return;
        observer.disconnect();
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            w.__firstDiagram = performance.now();
          }),
        );
      });
      observer.observe(document, { childList: true, subtree: true });
    }, manifest('nginx:1.27'));

    // Initial JavaScript: every script response until the first editor chunk is requested.
    const js: { url: string; gzip: number }[] = [];
    let editorRequested = false;
    page.on('request', (r) => {
      if (EDITOR_CHUNK.test(r.url())) editorRequested = true;
    });
    const pending: Promise<void>[] = [];
    // Scripts of dedicated workers do not show up as page responses: read them from dist/.
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    page.on('response', (r) => {
      const u = r.url();
      if (editorRequested || EDITOR_CHUNK.test(u) || !/\.m?js(\?|$)/.test(u)) return;
      pending.push(
        r.body().then((b) => {
          js.push({ url: u.replace(url, ''), gzip: gzipSync(b).length });
        }),
      );
    });

    await page.goto(url);
    await page.waitForFunction(() => (window as { __firstDiagram?: number }).__firstDiagram);
    const firstDiagram = await page.evaluate(
      () => (window as unknown as { __firstDiagram: number }).__firstDiagram,
    );
    await Promise.all(pending);
    for (const w of workers) {
      const file = `dist/${new URL(w).pathname.replace(/^\//, '')}`;
      // (A worker started early is also a page response: count its script once.)
      if (existsSync(file) && !EDITOR_CHUNK.test(w) && !js.some((f) => file.endsWith(f.url)))
        js.push({ url: `${file.slice(5)} (worker)`, gzip: gzipSync(readFileSync(file)).length });
    }
    const initialKb = js.reduce((s, f) => s + f.gzip, 0) / 1024;
    lines.push(
      row(
        'first painted diagram',
        `${firstDiagram.toFixed(0)} ms`,
        '≤ 1000 ms',
        firstDiagram <= 1000,
        firstDiagram,
        (n) => `${n.toFixed(0)} ms`,
      ),
    );
    lines.push(
      row(
        'initial JS before the editor (gzip)',
        `${initialKb.toFixed(0)} KB`,
        '≤ 350 KB',
        initialKb <= 350,
        initialKb,
        (n) => `${n.toFixed(0)} KB`,
      ),
    );
    for (const f of js) console.log(`  ${f.url.padEnd(50)} ${(f.gzip / 1024).toFixed(1)} KB gzip`);

    // 50 workers, 1000 replicas.
    await page.getByRole('button', { name: /^Cluster:/ }).click();
    await page.getByLabel('Workers (1–50)').fill(String(WORKERS));
    await page.getByRole('button', { name: 'Reset cluster' }).click();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[aria-label^="Node worker"]').length >= n,
      WORKERS,
      { timeout: 60_000 },
    );
    await page.getByLabel('Speed').selectOption('16');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page
      .getByRole('status', { name: 'Apply results' })
      .filter({ hasText: 'deployment.apps/web created' })
      .waitFor({ timeout: 60_000 });
    const t0 = Date.now();
    await fastForward(
      page,
      async () => (await runningPods(page)) >= REPLICAS,
      `${REPLICAS} Running pods`,
    );
    console.log(
      `  ${REPLICAS} pods Running after ${((Date.now() - t0) / 1000).toFixed(1)} s (wall)`,
    );
    console.log(`  pods on workers: ${await podsOnWorkers(page)}`);

    // The rolling update: change the image on its line (Ctrl+G), apply, and measure.
    const line =
      manifest('x')
        .split('\n')
        .findIndex((l) => l.includes('image:')) + 1;
    await retag(page, line, '6');
    // The rollout is measured at 1× (what a learner watches) and then at 16×, 20 s each.
    await page.getByLabel('Speed').selectOption('1');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    for (const speed of SPEEDS) {
      await page.getByLabel('Speed').selectOption(String(speed));
      await measureWindow(page, `${speed}×`, lines);
    }
    if (PRESENTER) {
      // The same rollout again, as a teacher shows it: presenter mode, the Story open beside the
      // diagram, the Objects overlay drawing Deployment → ReplicaSets → 1000 pods, at 16×.
      await page.getByLabel('Speed').selectOption('1');
      await retag(page, line, '5');
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      await page.keyboard.press('p');
      await page.getByRole('button', { name: 'Story', exact: true }).click();
      await page.getByRole('button', { name: 'Objects', exact: true }).click();
      await page.getByRole('region', { name: 'Objects' }).waitFor();
      await page.getByLabel('Speed').selectOption('16');
      await measureWindow(page, '16×, presenter', lines);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(
    `\nkubeglass UI bench (headless Chromium, ${WORKERS} workers × ${REPLICAS / WORKERS} pods)`,
  );
  for (const l of lines) console.log(l);
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}` +
      (previous
        ? ` (previous run: ${previous.date}, load average ${previous.loadAverage ?? 'not recorded'})`
        : ''),
  );
  if (!process.env.BENCH_NO_SAVE) saveResult('ui', figures);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
