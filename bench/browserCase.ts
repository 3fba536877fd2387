/**
 * The engine benchmark's page side: bundled for the browser by bench/engine.browser.ts and run
 * on a page's main thread in headless Chromium (performance.memory, which reads V8's used heap,
 * is not in workers). The heap is read with Chromium's --enable-precise-memory-info and a full
 * collection forced with --js-flags=--expose-gc; the CPU time of the page's renderer process is
 * read by the driver (`__benchCpuSeconds`, over the DevTools protocol).
 */
import '../src/engine/onDemandNow';
import { bytesToMiB, runCase } from './engineCase';
import type { BenchCase, CaseResult, Host, RunOptions } from './engineCase';

interface BenchPage {
  __benchCpuSeconds(): Promise<number>;
  gc?: () => void;
  kubeglassBench?: { run(c: BenchCase, o: RunOptions): Promise<CaseResult> };
}
const page = globalThis as unknown as BenchPage;
/** A snapshot of the heap's figures: each read of performance.memory makes a new one. */
const memory = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory;

const host: Host = {
  heapMiB: () => bytesToMiB(memory().usedJSHeapSize),
  cpuSeconds: () => page.__benchCpuSeconds(),
  gc: page.gc,
  log: (line) => console.log(line),
};

page.kubeglassBench = { run: (c, o) => runCase(c, host, o) };
