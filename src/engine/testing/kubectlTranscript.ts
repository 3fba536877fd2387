/**
 * kubectl sessions for the golden tests: a fixed-seed cluster, each kubectl line with its output,
 * as a terminal shows them. The tests compare the text with their checked-in transcripts.
 */
import { Cluster, type ClusterConfig } from '../cluster';
import { clusterEnv, runKubectl } from '../kubectl/run';

export interface TranscriptOptions {
  workers?: number;
  /** Virtual time a `-w`/`-f` command streams before it is stopped (and the default limit). */
  streamLimitMs?: number;
  /**
   * stdin is a terminal (the browser's): a step `> TEXT` is typed into the running command
   * (`exec -it`), `> ^D` is Ctrl+D and `> ^C` is Ctrl+C. A step ending in ` &` runs on in the
   * background (`port-forward … &`), and `curl …` runs on the learner's machine. A step
   * `CMD <<EOF\nLINES\nEOF` gets the here-document as its stdin, which is then not a terminal.
   */
  terminal?: boolean;
  /** net: more of the cluster's shape (`kubeSystem: true` for kindnetd's policy agent). */
  cluster?: Partial<ClusterConfig>;
}

/**
 * Runs the steps like a terminal session: prompt, command, interleaved output, exit code if not
 * 0. A step is a kubectl line, or `wait <seconds>`.
 */
export function kubectlTranscript(
  steps: readonly string[],
  files: Record<string, string> = {},
  { workers = 3, streamLimitMs = 20_000, terminal = false, cluster: shape }: TranscriptOptions = {},
): string {
  const cluster = new Cluster({ workers, cpu: '4', memory: '8Gi', seed: 7, ...shape }).start();
  let out = '';
  let handle: ReturnType<typeof runKubectl> | undefined;
  let code: number | undefined;
  /** A session goes on while the next step types into it: run a while, not to its end. */
  const settle = (i: number) => {
    if (steps[i + 1]?.startsWith('> ')) return void cluster.clock.advance(5_000);
    // The last line typed into a session: it may leave it running (`sleep 1000`) for what follows.
    const typed = steps[i].startsWith('> ');
    cluster.clock.runUntilCondition(() => code !== undefined, typed ? 30_000 : 600_000);
    if (code !== undefined && code !== 0) out += `[exit ${code}]\n`;
  };
  for (const [i, step] of steps.entries()) {
    if (step.startsWith('> ')) {
      const typed = step.slice(2);
      out += `${typed}\n`;
      handle?.input(
        typed === '^D' ? { eof: true } : typed === '^C' ? { interrupt: true } : { line: typed },
      );
      settle(i);
      continue;
    }
    const wait = /^wait (\d+)$/.exec(step);
    if (wait) {
      cluster.clock.advance(Number(wait[1]) * 1000);
      out += `# ${wait[1]}s later\n`;
      continue;
    }
    // `curl …` runs on the learner's machine; `… &` runs in the background (port-forward).
    const background = step.endsWith(' &');
    // mysql: `… <<EOF` with lines up to `EOF`: a here-document is kubectl's stdin (not a terminal).
    const heredoc = /^([\s\S]*?)\s*<<(\w+)\n([\s\S]*?)\n\2$/.exec(step);
    const line = heredoc ? heredoc[1] : background ? step.slice(0, -2) : step;
    out += step.startsWith('curl ') ? `$ ${step}\n` : `$ kubectl ${step}\n`;
    code = undefined;
    const env = clusterEnv(cluster, {
      terminal: heredoc ? false : terminal,
      ...(heredoc ? { stdin: `${heredoc[3]}\n` } : {}),
      write: (c) => (out += (c.stdout ?? '') + (c.stderr ?? '')),
      readFile: (n) => files[n],
      streamLimitMs,
    });
    handle = runKubectl({ ...env, write: env.write }, line, (r) => {
      out += r.stdout + r.stderr;
      code = r.exitCode;
    });
    const streaming =
      /(^|\s)(-w|--watch|-f|--follow)(\s|$)/.test(step) && !/\s-f\s+\S+\.yaml/.test(step);
    if (background) {
      cluster.clock.advance(5_000);
      continue;
    }
    if (streaming) {
      cluster.clock.advance(streamLimitMs);
      handle.cancel();
      if (code !== 0 && code !== 130) out += `[exit ${code}]\n`;
    } else settle(i);
  }
  return out;
}
