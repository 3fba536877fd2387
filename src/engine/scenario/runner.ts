/**
 * The headless runner: build the cluster, then run each step in order, printing what a terminal
 * session would show (`$ kubectl …` and what kubectl printed) and a ✓ or ✗ per check. A lesson
 * runs to its end the same way: tasks by their `solution`, predictions answered right.
 */
import { Cluster, type ClusterConfig } from '../cluster';
import type { KubectlResult } from '../kubectl/run';
import { runAction, storedObjects } from './actions';
import {
  checkCondition,
  checkExpectation,
  checkOutput,
  describeCondition,
  describeExpectation,
} from './expect';
import type { ActionStep, Condition, Sample, Scenario, ScenarioStep } from './format';

export { applySync, kubectlSync, manifestSync, storedObjects } from './actions';

/** What a headless run prints, and whether every expectation held. */
export interface ScenarioOutput {
  lines: string[];
  ok: boolean;
  cluster: Cluster;
}

/** How often a `task` or `wait-for` looks at the cluster while time runs (virtual ms). */
const POLL_MS = 1000;

/** A run under way: the cluster, its transcript and what was run. */
class Run {
  readonly lines: string[] = [];
  ok = true;
  /** What the latest kubectl (or apply/delete) step printed, for `expectOutput`. */
  last: { text: string; exitCode: number } | undefined;
  /** Commands run, for `ran:` conditions. */
  readonly ran: string[] = [];

  constructor(
    readonly cluster: Cluster,
    readonly file: string,
  ) {}

  print(text: string, indent = ''): void {
    for (const l of text.replace(/\n$/, '').split('\n')) this.lines.push(indent + l);
  }

  fail(line: number, text: string): void {
    this.ok = false;
    this.lines.push(`✗ line ${line}: ${text}`);
  }

  /** An action step, its output printed; a failure without `expectError: true` fails the run. */
  act(step: ActionStep, indent = ''): void {
    const r = runAction(this.cluster, step, this.file);
    if (r.command) this.lines.push(indent + r.command);
    if (r.note) this.lines.push(indent + r.note);
    const out: KubectlResult | undefined = r.result;
    if (out?.stdout) this.print(out.stdout, indent);
    if (out?.stderr) this.print(out.stderr, indent);
    if (r.ran) this.ran.push(r.ran);
    if (out) this.last = { text: out.stdout + out.stderr, exitCode: out.exitCode };
    const expectError = 'expectError' in step && step.expectError === true;
    const what = r.command?.slice(2) ?? r.note?.slice(2) ?? 'step';
    if (r.failed && !expectError)
      this.fail(
        step.line,
        `${what} failed${out ? ` (exit code ${out.exitCode})` : ''}; add \`expectError: true\` if that is intended`,
      );
    else if (!r.failed && expectError)
      this.fail(step.line, `${what} succeeded, but the step says \`expectError: true\``);
  }

  /**
   * Let time run until every condition holds or `timeout` passes; the virtual ms it took, or
   * what was still missing.
   */
  waitFor(conditions: Condition[], timeout: number): { ms: number } | { problem: string } {
    const start = this.cluster.clock.now;
    for (;;) {
      const objects = storedObjects(this.cluster);
      const problem = conditions
        .map((c) => checkCondition(objects, this.ran, c))
        .find((p) => p !== undefined);
      const elapsed = this.cluster.clock.now - start;
      if (!problem) return { ms: elapsed };
      if (elapsed >= timeout) return { problem: `after ${seconds(elapsed)}: ${problem}` };
      this.cluster.clock.advance(Math.min(POLL_MS, timeout - elapsed));
    }
  }

  step(step: ScenarioStep): void {
    if ('apply' in step || 'delete' in step || 'kubectl' in step || 'fault' in step)
      return this.act(step);
    if ('wait' in step) return void this.cluster.clock.advance(step.wait);
    if ('expectOutput' in step) {
      const problem = checkOutput(this.last, step.expectOutput);
      const what = JSON.stringify(step.expectOutput);
      if (problem) this.fail(step.line, `expectOutput ${what}: ${problem}`);
      else this.lines.push(`✓ expectOutput ${what}`);
      return;
    }
    if ('sample' in step) {
      const problem = runSample(this.cluster, step.sample);
      const what = step.sample.expect.map(describeExpectation).join('; ');
      if (problem) this.fail(step.line, `sample ${what}: ${problem}`);
      else
        this.lines.push(
          `✓ sample every ${step.sample.every} ms for ${step.sample.for} ms: ${what}`,
        );
      return;
    }
    if ('expect' in step) {
      const problem = checkExpectation(storedObjects(this.cluster), step.expect);
      const what = describeExpectation(step.expect);
      if (problem) this.fail(step.line, `expect ${what}: ${problem}`);
      else this.lines.push(`✓ expect ${what}`);
      return;
    }
    if ('narrate' in step) return this.print(step.narrate, '# ');
    if ('task' in step) {
      const t = step.task;
      this.print(`task: ${t.text}`, '» ');
      for (const s of t.solution) this.act(s, '  ');
      const r = this.waitFor(t.check, t.within);
      const what = t.check.map(describeCondition).join('; ');
      if ('problem' in r) this.fail(step.line, `task check ${what}: ${r.problem}`);
      else this.lines.push(`✓ task done after ${seconds(r.ms)}: ${what}`);
      return;
    }
    if ('predict' in step) {
      const p = step.predict;
      this.lines.push(`? ${p.question}`);
      p.choices.forEach((c, i) => this.lines.push(`  ${i === p.answer ? '●' : '○'} ${c}`));
      for (const s of p.then) this.act(s, '  ');
      this.lines.push(`  why: ${p.why}`);
      return;
    }
    const w = step.waitFor;
    const what = w.check.map(describeCondition).join('; ');
    const r = this.waitFor(w.check, w.timeout);
    if ('problem' in r) this.fail(step.line, `wait-for ${what}: ${r.problem}`);
    else if (w.notBefore !== undefined && r.ms < w.notBefore)
      this.fail(
        step.line,
        `wait-for ${what}: held after ${seconds(r.ms)}, sooner than notBefore ${seconds(w.notBefore)}`,
      );
    else this.lines.push(`✓ wait-for held after ${seconds(r.ms)}: ${what}`);
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;

/**
 * Run a scenario headless. A step that fails is reported with its line and the run goes on; an
 * error inside the simulation stops the run, keeping everything printed before it.
 */
export function runScenario(s: Scenario, opts: { file?: string } = {}): ScenarioOutput {
  const config: ClusterConfig = { ...s.cluster };
  const cluster = new Cluster(config).start();
  const run = new Run(cluster, opts.file ?? 'STDIN');
  for (const step of s.steps) {
    try {
      run.step(step);
    } catch (e) {
      run.fail(step.line, `the simulation failed: ${(e as Error).message || String(e)}`);
      break;
    }
  }
  return { lines: run.lines, ok: run.ok, cluster };
}

/**
 * Advance time in steps of `sample.every` until `sample.for` has passed, checking every
 * expectation before the first step and after each; the first violation, with its virtual time.
 */
export function runSample(cluster: Cluster, sample: Sample): string | undefined {
  const end = cluster.clock.now + sample.for;
  for (;;) {
    const objects = storedObjects(cluster);
    for (const e of sample.expect) {
      const problem = checkExpectation(objects, e);
      if (problem) return `at ${(cluster.clock.now / 1000).toFixed(1)}s: ${problem}`;
    }
    if (cluster.clock.now >= end) return undefined;
    cluster.clock.advance(Math.min(sample.every, end - cluster.clock.now));
  }
}
