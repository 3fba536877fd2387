/**
 * The headless runner: `npm run sim -- apply -f FILE [--workers N] [--seed S] [--for 2m]` and
 * `npm run sim -- scenario FILE`. Runs the same engine as the browser, in virtual time, as fast as
 * the CPU allows, and prints what kubectl would print.
 */
import { readFileSync } from 'node:fs';
// Headless: the engine's on-demand parts are loaded at once.
import '../engine/onDemandNow';
import { Cluster } from '../engine/cluster';
import { parseDuration } from '../engine/scenario/duration';
import { parseScenario, ScenarioError } from '../engine/scenario/format';
import { applySync, kubectlSync, runScenario } from '../engine/scenario/runner';
import { loadExplainData } from '../engine/kubectl/explainData';
import { decodeUtf8Strict } from '../engine/api/utf8';
import { ensureGenerated } from '../../scripts/generate-schemas';
import { runServe, SERVE_USAGE } from './serve';

const USAGE = `kubeglass sim — run the simulated cluster without a browser

Usage:
  npm run sim -- apply -f FILE [--workers N] [--seed S] [--for DURATION] [--metrics-server]
      Apply every document of FILE, advance virtual time (default 2m), then print
      \`kubectl get pods -o wide\` and \`kubectl get events\`.
  npm run sim -- scenario FILE
      Run a scenario: each kubectl step prints \`$ kubectl …\` and its output;
      an \`expect\` step that fails makes the exit code 1.
${SERVE_USAGE}
Options:
  -f, --filename FILE   manifest to apply (several documents allowed)
  --workers N           worker nodes (1-500, default 3)
  --seed S              seed of the cluster's PRNG (default 42)
  --for DURATION        virtual time to run after applying (default 2m)
  --metrics-server      run the metrics-server addon (kubectl top, autoscaling)
`;

function fail(message: string, code = 1): never {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(code);
}

/**
 * A file's text, decoded as strict UTF-8 as kubectl's YAML reader does: with bytes that are not
 * UTF-8, `error` is kubectl's message and `text` the documents wholly before the bad byte
 * (kubectl's stream decoder reads those before it fails).
 */
function readText(file: string): { text: string; error?: string } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    fail(`error: the path "${file}" does not exist`);
  }
  const r = decodeUtf8Strict(bytes, file);
  if (r.ok) return { text: r.text };
  const separators = [...r.text.matchAll(/^---[ \t]*$/gm)];
  const last = separators[separators.length - 1];
  return { text: last ? r.text.slice(0, last.index) : '', error: r.message };
}

function parseArgs(argv: string[]): {
  cmd: string;
  file?: string;
  workers: number;
  seed: string;
  forMs: number;
  metricsServer: boolean;
} {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    process.stdout.write(USAGE);
    process.exit(cmd ? 0 : 2);
  }
  let file: string | undefined;
  let workers = 3;
  let seed = '42';
  let forMs = 120_000;
  let metricsServer = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [flag, inline] = a.includes('=')
      ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a, undefined];
    const value = () =>
      inline ?? rest[++i] ?? fail(`error: flag needs an argument: ${flag}\n\n${USAGE}`, 2);
    if (flag === '-f' || flag === '--filename') file = value();
    else if (flag === '--workers') {
      workers = Number(value());
      if (!Number.isInteger(workers) || workers < 1 || workers > 500)
        fail('error: --workers must be a whole number from 1 to 500', 2);
    } else if (flag === '--seed') seed = value();
    else if (flag === '--metrics-server' && inline === undefined) metricsServer = true;
    else if (flag === '--for') {
      try {
        forMs = parseDuration(value());
      } catch (e) {
        fail(`error: ${(e as Error).message}`, 2);
      }
    } else if (!flag.startsWith('-') && cmd === 'scenario' && !file) file = a;
    else fail(`error: unknown flag: ${flag}\n\n${USAGE}`, 2);
  }
  return { cmd, file, workers, seed, forMs, metricsServer };
}

function main(): void {
  if (process.argv[2] === 'serve') {
    void runServe(process.argv.slice(3), (m) => fail(m, 2));
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  if (args.cmd === 'apply') {
    if (!args.file) fail(`error: must specify -f FILE\n\n${USAGE}`, 2);
    const { text, error } = readText(args.file);
    if (error && !text.trim()) fail(error);
    const seed = /^\d+$/.test(args.seed) ? Number(args.seed) : args.seed;
    const cluster = new Cluster({
      workers: args.workers,
      cpu: '4',
      memory: '8Gi',
      seed,
      ...(args.metricsServer ? { metricsServer: true } : {}),
    }).start();
    const applied = applySync(cluster, text, args.file);
    if (error && applied.exitCode === 0) {
      // The documents before the bad byte are applied; the one holding it is refused.
      applied.stderr += error + '\n';
      applied.exitCode = 1;
    }
    process.stdout.write(applied.stdout);
    process.stderr.write(applied.stderr);
    if (applied.exitCode !== 0 && !applied.stdout) process.exit(1);
    cluster.clock.advance(args.forMs);
    for (const cmd of ['get pods -o wide', 'get events']) {
      process.stdout.write(`\n$ kubectl ${cmd}\n`);
      const r = kubectlSync(cluster, cmd);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
    }
    process.exit(applied.exitCode);
  }
  if (args.cmd === 'scenario') {
    if (!args.file) fail(`error: must name a scenario FILE\n\n${USAGE}`, 2);
    let out;
    try {
      const { text, error } = readText(args.file);
      if (error) fail(error);
      out = runScenario(parseScenario(text), { file: args.file });
    } catch (e) {
      if (e instanceof ScenarioError) fail(`error: ${args.file}: ${e.message}`);
      throw e;
    }
    process.stdout.write(out.lines.join('\n') + '\n');
    process.exit(out.ok ? 0 : 1);
  }
  fail(`error: unknown command "${args.cmd}"\n\n${USAGE}`, 2);
}

try {
  // A fresh clone installed with --ignore-scripts has no generated files yet: make them (once;
  // later runs only compare a hash). Said on stderr, so stdout stays kubectl's output.
  await ensureGenerated({ log: (line) => process.stderr.write(line + '\n') });
  // Scenarios run kubectl synchronously in virtual time: `explain` must find its data loaded.
  await loadExplainData();
  main();
} catch (e) {
  // Never show a learner a stack trace: say what failed in one line.
  fail(`error: ${(e as Error).message}`);
}
