/**
 * The page attached to `sim serve`: no engine here. The served cluster's feed
 * (`/kubeglass/feed`, src/server/pageFeed.ts) already speaks the worker's protocol — a snapshot,
 * then batches with every trace event, including the requests of real kubectl on other machines —
 * so its messages are handed to the page as they come. The page's requests (Apply, the Terminal's
 * kubectl, logs) are posted to `/kubeglass/request` and run on the served cluster.
 */
import {
  PROTOCOL_VERSION,
  type RequestMessage,
  type UiToWorker,
  type WorkerToUi,
} from '../../protocol';
import { authHeaders, readLines } from './ndjson';

export interface SourceOptions {
  /** The server's root, absolute, ending in `/` (`https://127.0.0.1:6443/`). */
  base: string;
  /** The bearer token, when the server wants one (from the page's `#token=`). */
  token?: string;
  fetch?: typeof fetch;
}

/** Playback controls, resets and restores have no meaning here: the server's clock runs on. */
export class AttachSource {
  private readonly fetch: typeof fetch;
  private readonly running = new Map<number, AbortController>();
  private closed = false;

  constructor(
    private readonly post: (m: WorkerToUi) => void,
    private readonly opts: SourceOptions,
  ) {
    this.fetch = opts.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Opens the feed; the server's `ready` and snapshot come through it. */
  async start(): Promise<void> {
    const url = `${this.opts.base}kubeglass/feed`;
    let res: Response;
    try {
      res = await this.fetch(url, { headers: authHeaders(this.opts.token), cache: 'no-store' });
    } catch (e) {
      return this.fatal(
        `Cannot reach the served cluster at ${this.opts.base} (${errorText(e)}). Is sim serve running, and was its certificate accepted in this browser?`,
      );
    }
    if (res.status === 401)
      return this.fatal(
        'The served cluster wants its token: open the page at the address sim serve printed (it ends in #token=…).',
      );
    if (!res.ok || !res.body)
      return this.fatal(`The served cluster answered ${res.status} for its feed.`);
    try {
      await readLines(res.body, (m) => this.post(m as WorkerToUi));
    } catch (e) {
      if (!this.closed) return this.fatal(`The feed from ${this.opts.base} broke: ${errorText(e)}`);
    }
    if (!this.closed)
      this.fatal(`The served cluster at ${this.opts.base} stopped (sim serve ended?).`);
  }

  receive(msg: UiToWorker): void {
    if (msg?.v !== PROTOCOL_VERSION) {
      this.post({
        type: 'protocolError',
        message: `The page speaks protocol version ${String(msg?.v)}, this source ${PROTOCOL_VERSION}: reload the page.`,
      });
      return;
    }
    if (msg.type === 'request') void this.request(msg);
    else if (msg.type === 'cancel') this.running.get(msg.requestId)?.abort();
  }

  private async request(msg: RequestMessage): Promise<void> {
    const { requestId } = msg;
    const abort = new AbortController();
    this.running.set(requestId, abort);
    const fail = (message: string) => this.post({ type: 'requestError', requestId, message });
    try {
      const res = await this.fetch(`${this.opts.base}kubeglass/request`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...authHeaders(this.opts.token) },
        body: JSON.stringify({ op: msg.op, args: msg.args }),
        signal: abort.signal,
      });
      if (res.status === 401) return fail('The served cluster refused the request: no token.');
      if (!res.body) return fail(`The served cluster answered ${res.status}.`);
      let answered = false;
      await readLines(res.body, (line) => {
        const m = line as WorkerToUi;
        // The server numbers requests its own way: answer with the page's id.
        if (m.type === 'output') this.post({ ...m, requestId });
        else if (m.type === 'result' || m.type === 'requestError') {
          answered = true;
          this.post({ ...m, requestId } as WorkerToUi);
        }
      });
      if (!answered) fail('The served cluster closed the request without an answer.');
    } catch (e) {
      // Ctrl+C: the server stopped the command; the terminal wants an answer all the same.
      if (abort.signal.aborted)
        this.post({
          type: 'result',
          op: 'kubectl',
          requestId,
          result: { ok: false, exitCode: 130 },
        });
      else fail(`The served cluster did not answer: ${errorText(e)}`);
    } finally {
      this.running.delete(requestId);
    }
  }

  private fatal(message: string): void {
    this.closed = true;
    this.post({ type: 'fatal', message });
  }

  close(): void {
    this.closed = true;
    for (const a of this.running.values()) a.abort();
  }
}

export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)) || 'unknown error';
}
