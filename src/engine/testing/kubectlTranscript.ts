/**
 * kubectl sessions for the golden tests: a fixed-seed cluster, each kubectl line with its output,
 * as a terminal shows them. The tests compare the text with their checked-in transcripts.
 */
import { Cluster } from '../cluster';
import { clusterEnv, runKubectl } from '../kubectl/run';

export interface TranscriptOptions {
  workers?: number;
  /** Virtual time a `-w`/`-f` command streams before it is stopped (and the default limit). */
  streamLimitMs?: number;
  /** hpa: install metrics-server (the HPA walkthrough's prerequisite). */
  metricsServer?: boolean;
}

/**
 * Runs the steps like a terminal session: prompt, command, interleaved output, exit code if not
 * 0. A step is a kubectl line, or `wait <seconds>`.
 */
export function kubectlTranscript(
  steps: readonly string[],
  files: Record<string, string> = {},
  { workers = 3, streamLimitMs = 20_000, metricsServer }: TranscriptOptions = {},
): string {
  const cluster = new Cluster({
    workers,
    cpu: '4',
    memory: '8Gi',
    seed: 7,
    ...(metricsServer ? { metricsServer } : {}),
  }).start();
  let out = '';
  for (const step of steps) {
    const wait = /^wait (\d+)$/.exec(step);
    if (wait) {
      cluster.clock.advance(Number(wait[1]) * 1000);
      out += `# ${wait[1]}s later\n`;
      continue;
    }
    out += `$ kubectl ${step}\n`;
    let code: number | undefined;
    const env = clusterEnv(cluster, {
      write: (c) => (out += (c.stdout ?? '') + (c.stderr ?? '')),
      readFile: (n) => files[n],
      streamLimitMs,
    });
    const handle = runKubectl({ ...env, write: env.write }, step, (r) => {
      out += r.stdout + r.stderr;
      code = r.exitCode;
    });
    const streaming =
      /(^|\s)(-w|--watch|-f|--follow)(\s|$)/.test(step) && !/\s-f\s+\S+\.yaml/.test(step);
    if (streaming) {
      cluster.clock.advance(streamLimitMs);
      handle.cancel();
    } else cluster.clock.runUntilCondition(() => code !== undefined, 600_000);
    if (code !== 0 && !(streaming && code === 130)) out += `[exit ${code}]\n`;
  }
  return out;
}
