/**
 * Upgraded connections: the streams of `kubectl exec`, `attach` and `port-forward`. After the
 * HTTP upgrade (101 Switching Protocols) kubectl, the API server, the kubelet and the runtime's
 * streaming server pass frames along the same path the request took (k/k:
 * staging/src/k8s.io/apiserver/pkg/util/proxy/upgradeaware.go, pkg/kubelet/cri/streaming). Each
 * hop is traced like any other message, so the diagram draws a typed line travelling to the
 * container and its output travelling back.
 */
import type { Network } from './network';

/** One frame on a stream: the channels of the exec and port-forward protocols. */
export type StreamFrame =
  /** A line typed on stdin (without its newline). */
  | { type: 'stdin'; data: string }
  /** stdin ends (Ctrl+D, or the end of piped input). */
  | { type: 'eof' }
  /** Ctrl+C typed on the terminal: the tty turns it into SIGINT. */
  | { type: 'interrupt' }
  /** The client hangs up. */
  | { type: 'close' }
  | { type: 'stdout' | 'stderr'; data: string }
  /** The process printed a prompt and reads a line (text without a newline). */
  | { type: 'prompt'; data: string }
  /** The process ended (the exec protocol's error channel: exit code). */
  | { type: 'exit'; code: number }
  /** Port-forward: one HTTP request arriving on the forwarded port. */
  | { type: 'request'; id: number; path: string }
  /** Port-forward: its answer, or the error the runtime met connecting. */
  | { type: 'response'; id: number; status?: number; body?: string; error?: string };

/** One end of a stream: frames sent go to the other end; `onFrame` hears the other end's. */
export interface StreamEnd {
  send(frame: StreamFrame): void;
  onFrame(fn: (frame: StreamFrame) => void): void;
}

/**
 * A listener slot that keeps frames arriving before anyone listens (the 101 response is still
 * on its way while the process prints its first prompt) and hands them over in order.
 */
function inbox(): { deliver(f: StreamFrame): void; listen(fn: (f: StreamFrame) => void): void } {
  let listener: ((f: StreamFrame) => void) | undefined;
  const early: StreamFrame[] = [];
  return {
    deliver: (f) => (listener ? listener(f) : early.push(f)),
    listen: (fn) => {
      listener = fn;
      for (const f of early.splice(0)) fn(f);
    },
  };
}

/** A connected pair of ends: what one sends, the other hears (delivered at once). */
export function streamPair(): [StreamEnd, StreamEnd] {
  const toA = inbox();
  const toB = inbox();
  return [
    { send: (f) => toB.deliver(f), onFrame: (fn) => toA.listen(fn) },
    { send: (f) => toA.deliver(f), onFrame: (fn) => toB.listen(fn) },
  ];
}

const SHORT = 40;
const clip = (s: string) => (s.length > SHORT ? `${s.slice(0, SHORT - 1)}…` : s);

/** How a frame reads on the diagram: `stdin "ls /"`, `stdout "bin dev etc"`, `exit 0`. */
export function frameSummary(f: StreamFrame): string {
  switch (f.type) {
    case 'stdin':
    case 'stdout':
    case 'stderr':
      return `${f.type} ${JSON.stringify(clip(f.data.replace(/\n$/, '')))}`;
    case 'prompt':
      return `stdout ${JSON.stringify(f.data)}`;
    case 'exit':
      return `exit ${f.code}`;
    case 'request':
      return `GET ${f.path}`;
    case 'response':
      return f.error ? 'connection refused' : `${f.status} response`;
    default:
      return f.type;
  }
}

/**
 * One hop of a stream, `client` → `server`: returns the client's end. Frames the client sends
 * travel to `server` and go on through `upstream`; frames from upstream travel back. Both ways
 * are traced on the stream's `flow` (the exec request's), at `path`.
 */
export function relayHop(
  net: Network,
  client: string,
  server: string,
  upstream: StreamEnd,
  path: string,
  flow: number,
): StreamEnd {
  const back = inbox();
  upstream.onFrame((f) =>
    net.send(
      {
        from: server,
        to: client,
        kind: 'response',
        verb: f.type,
        resource: path,
        summary: frameSummary(f),
        flow,
      },
      () => back.deliver(f),
    ),
  );
  return {
    send: (f) =>
      net.send(
        {
          from: client,
          to: server,
          kind: 'request',
          verb: f.type,
          resource: path,
          summary: frameSummary(f),
          flow,
        },
        () => upstream.send(f),
      ),
    onFrame: (fn) => back.listen(fn),
  };
}
