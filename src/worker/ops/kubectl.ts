import { clusterEnv, runKubectl, type KubectlHandle } from '../../engine/kubectl/run';
import type { StdinEvent } from '../../protocol';
import type { Answer, OpContext } from './context';

/** A running command: its output not yet pushed, and its handle for Ctrl+C. */
interface Running {
  handle?: KubectlHandle;
  buffer: string;
  answer: Answer<'kubectl'>;
}

/**
 * The terminal's kubectl. A command's output is pushed to the UI as it is printed, once per frame
 * ({@link flush}), so `get -w` and `logs -f` stream until they end or are cancelled.
 */
export class KubectlOps {
  private readonly running = new Map<number, Running>();

  run(
    ctx: OpContext,
    args: { command: string; files?: Record<string, string> },
    answer: Answer<'kubectl'>,
  ): void {
    const files = args.files ?? {};
    const r: Running = { buffer: '', answer };
    this.running.set(answer.requestId, r);
    const env = clusterEnv(ctx.cluster, {
      tty: true,
      terminal: true,
      readFile: (name) => files[name],
      write: (chunk) => {
        r.buffer += (chunk.stdout ?? '') + (chunk.stderr ?? '');
      },
    });
    r.handle = runKubectl(env, args.command, (result) => {
      r.buffer += result.stdout + result.stderr;
      this.running.delete(answer.requestId);
      if (r.buffer) answer.output(r.buffer);
      answer.reply({ ok: result.exitCode === 0, exitCode: result.exitCode });
    });
  }

  /** Typed into a running command's session (`exec -it`); Ctrl+C cancels one that reads nothing. */
  input(requestId: number, event: StdinEvent): void {
    const handle = this.running.get(requestId)?.handle;
    if (handle && !handle.input(event) && 'interrupt' in event) handle.cancel();
  }

  /** Ctrl+C: the command stops, pushes what is left and answers. */
  cancel(requestId: number): void {
    this.running.get(requestId)?.handle?.cancel();
  }

  /** Pushes the output printed since the last frame. */
  flush(): void {
    for (const r of this.running.values()) {
      if (!r.buffer) continue;
      r.answer.output(r.buffer);
      r.buffer = '';
    }
  }

  /** A reset: the commands of the old cluster are gone. */
  clear(): void {
    this.running.clear();
  }
}
