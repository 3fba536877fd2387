/**
 * kubectl sessions for a host that answers requests with messages (the browser worker): a
 * command's output is buffered; the first answer comes when the command ends or, for a stream
 * (`get -w`, `logs -f`, `rollout status`), with its first output (`partial: true`). The terminal
 * then long-polls for more, and Ctrl+C cancels.
 */
import type { Cluster } from '../cluster';
import { clusterEnv } from './env';
import { runKubectl, type KubectlHandle } from './run';

/** An answer to the terminal: output so far, and whether more is coming. */
export interface SessionReply {
  requestId: number;
  ok: boolean;
  output: string;
  partial: boolean;
  exitCode?: number;
}

interface Stream {
  buffer: string;
  exitCode?: number;
  /** The request waiting for output (the command itself, then each poll). */
  waiter?: number;
  handle?: KubectlHandle;
  flushScheduled: boolean;
}

/** Runs kubectl commands for one cluster and answers with {@link SessionReply}s. */
export class KubectlSession {
  private streams = new Map<number, Stream>();

  constructor(
    private readonly cluster: Cluster,
    private readonly post: (r: SessionReply) => void,
  ) {}

  /** Start `command`; `requestId` names the stream in later polls and cancels. */
  run(requestId: number, command: string, files: Record<string, string> = {}): void {
    const s: Stream = { buffer: '', waiter: requestId, flushScheduled: false };
    this.streams.set(requestId, s);
    const schedule = () => {
      if (s.flushScheduled) return;
      s.flushScheduled = true;
      // Answer after the current event: a command that prints and ends at once answers once.
      this.cluster.clock.setTimeout(() => {
        s.flushScheduled = false;
        this.flush(requestId);
      }, 0);
    };
    const env = clusterEnv(this.cluster, {
      tty: true,
      readFile: (name) => files[name],
      write: (chunk) => {
        s.buffer += (chunk.stdout ?? '') + (chunk.stderr ?? '');
        schedule();
      },
    });
    s.handle = runKubectl(env, command, (r) => {
      s.buffer += r.stdout + r.stderr;
      s.exitCode = r.exitCode;
      this.flush(requestId);
    });
  }

  /** Ask for more output of stream `stream`; answered as `pollId` when there is some. */
  poll(pollId: number, stream: number): void {
    const s = this.streams.get(stream);
    if (!s) return this.post({ requestId: pollId, ok: true, output: '', partial: false });
    s.waiter = pollId;
    this.flush(stream);
  }

  /** Ctrl+C: stop the stream; its waiting poll gets the rest. */
  cancel(stream: number): void {
    const s = this.streams.get(stream);
    s?.handle?.cancel();
  }

  private flush(stream: number): void {
    const s = this.streams.get(stream);
    if (!s || s.waiter === undefined) return;
    const finished = s.exitCode !== undefined;
    if (!finished && s.buffer === '') return;
    this.post({
      requestId: s.waiter,
      ok: finished ? s.exitCode === 0 : true,
      output: s.buffer,
      partial: !finished,
      exitCode: s.exitCode,
    });
    s.buffer = '';
    s.waiter = undefined;
    if (finished) this.streams.delete(stream);
  }
}
