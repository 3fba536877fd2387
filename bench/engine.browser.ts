/**
 * One engine bench case (BENCH_CASE) in headless Chromium: where users run the engine. Node's
 * official builds have no V8 pointer compression; Chrome has it (a tagged field is 4 bytes, not
 * 8), so the same engine holds a much smaller heap in the page than in `npm run bench`'s Node
 * processes. bench/engine.bench.ts runs this for the cases named `<case>:browser` (or every case
 * with BENCH_BROWSER=1), each in a process of its own as the Node cases are.
 *
 * The case runner (bench/engineCase.ts, through bench/browserCase.ts) is bundled by esbuild for
 * the browser and run on the main thread of an about:blank page: the same code the Node case
 * runs, with the heap read from performance.memory.usedJSHeapSize (V8's used heap, as Node's
 * heapUsed is; --enable-precise-memory-info) at the same points, a full collection at the end
 * (--js-flags=--expose-gc) for the live heap, and the CPU time of the page's renderer process
 * (DevTools protocol Performance.getMetrics, ProcessTime). In the app the engine runs in a
 * Worker, an isolate of its own with the same V8 and pointer compression.
 * The figures go to bench/results.json under `<case>:browser`, printed beside the previous run's
 * and the Node run's of the same case.
 */
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { ARGS, CHROMIUM } from './chromium';
import { caseNamed, resultKey, runOptions, titleOf } from './engineCase';
import type { BenchCase, CaseResult, RunOptions } from './engineCase';
import { printFigures } from './report';

const env = process.env;

/** bench/browserCase.ts and the engine, as one script for the page. */
async function bundleForBrowser(): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./browserCase.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    // The worker's target (vite.config.ts build.target); not minified, as the Node bundle is not.
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0].text;
}

async function main(): Promise<boolean> {
  const c = caseNamed(env.BENCH_CASE ?? 'pods1k', env);
  const script = await bundleForBrowser();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  try {
    const page = await browser.newPage();
    // A 150,000-pod case runs for minutes in one evaluate.
    page.setDefaultTimeout(0);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // The renderer process's CPU time (all its threads, as Node's process.cpuUsage counts), and
    // its main thread's, kept at each reading: the page asks at the start and at the end.
    const mainThread: number[] = [];
    await page.exposeFunction('__benchCpuSeconds', async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => metrics.find((m) => m.name === name)!.value;
      mainThread.push(metric('ThreadTime'));
      return metric('ProcessTime');
    });
    page.on('console', (m) => {
      if (m.type() === 'log') console.log(m.text());
      else console.log(`  (page ${m.type()}: ${m.text()})`);
    });
    let crashed = false;
    page.on('crash', () => {
      crashed = true;
      console.log('  the page crashed (out of memory?)');
    });
    await page.addScriptTag({ content: script });
    const heapLimit = await page.evaluate(
      () =>
        (performance as unknown as { memory: { jsHeapSizeLimit: number } }).memory.jsHeapSizeLimit,
    );
    const options = runOptions(c, env);
    const r = await page.evaluate(
      ([c, o]) =>
        (
          globalThis as unknown as {
            kubeglassBench: { run(c: BenchCase, o: RunOptions): Promise<CaseResult> };
          }
        ).kubeglassBench.run(c, o),
      [c, options] as const,
    );
    if (crashed) return false;
    const version = browser.version();
    printFigures({
      title: `${titleOf(c, env)}, in headless Chromium ${version}`,
      key: `${resultKey(c, env)}:browser`,
      beside: { key: resultKey(c, env), label: 'Node' },
      notes: [
        ...r.notes,
        `in the main thread of a page (the app's engine runs in a Worker: the same V8, pointer ` +
          `compression on); heap limit ${Math.round(heapLimit / 1024 / 1024)} MiB; the CPU time ` +
          `is the page's renderer process's (all its threads; its main thread's: ` +
          `${(mainThread[1] - mainThread[0]).toFixed(1)} s)`,
      ],
      figures: r.figures,
    });
    return r.ok;
  } finally {
    await browser.close();
  }
}

if (!(await main())) process.exitCode = 1;
