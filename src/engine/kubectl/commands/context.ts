/**
 * What every kubectl command gets: its flags, the namespace, an output that streams or collects,
 * the cluster's client (each request is traced from the `kubectl` client to the API server), a
 * watch, virtual-time timers, and cancellation (Ctrl+C).
 */
import { isStatus, kubectlErrorLine } from '../../apiserver/errors';
import type { ApiRequest, ApiResponse, WatchEventMessage } from '../../apiserver/types';
import type { Flags, FlagSpec } from '../flags';
import type { KubectlEnv } from '../env';
import type { ResourceInfo } from '../../api/resources';

/** Typed into a running command's terminal: a line (Enter), Ctrl+D, or Ctrl+C. */
export type StdinEvent = { line: string } | { eof: true } | { interrupt: true };

/** One kubectl command (or family): its name(s), flags and what it does. */
export interface Command {
  /** `get`, `rollout`… */
  name: string;
  /** Flags beyond the global ones. A function picks them by sub-command (`create deployment`). */
  flags: FlagSpec[] | ((args: string[]) => FlagSpec[]);
  /** Run to completion; call `ctx.finish(code)` exactly once (directly or later). */
  run(ctx: CommandContext): void;
}

/** Output that goes to a streaming sink as it is written, or is collected for the result. */
export class Output {
  private stdoutBuf = '';
  private stderrBuf = '';
  finished = false;

  constructor(
    private readonly sink: KubectlEnv['write'],
    private readonly onFinish: (stdout: string, stderr: string, code: number) => void,
  ) {}

  stdout(text: string): void {
    if (this.finished || !text) return;
    if (this.sink) this.sink({ stdout: text });
    else this.stdoutBuf += text;
  }

  stderr(text: string): void {
    if (this.finished || !text) return;
    if (this.sink) this.sink({ stderr: text });
    else this.stderrBuf += text;
  }

  finish(code: number): void {
    if (this.finished) return;
    this.finished = true;
    this.onFinish(this.stdoutBuf, this.stderrBuf, code);
  }
}

/** A command's view of its invocation. */
export class CommandContext {
  private cleanups: (() => void)[] = [];
  /** What the learner types while the command runs (an `exec -it` session), if it reads it. */
  onInput: ((e: StdinEvent) => void) | undefined;

  constructor(
    readonly env: KubectlEnv,
    /** The command path for messages: `get`, `create deployment`. */
    readonly commandPath: string,
    readonly flags: Flags,
    readonly out: Output,
  ) {}

  /** Positional arguments (after the command name). */
  get args(): string[] {
    return this.flags.positional;
  }

  /** `-n`, else the context's namespace, else `default`. */
  get namespace(): string {
    const v = this.flags.values.get('namespace');
    return (v && v[v.length - 1]) || this.env.namespace || 'default';
  }
  /** crd: the custom resources discovery lists (see KubectlEnv.discovery). */
  discovery(): readonly ResourceInfo[] {
    return this.env.discovery?.() ?? [];
  }

  /** Whether `-n` was given (kubectl's `enforceNamespace`). */
  get explicitNamespace(): boolean {
    return this.flags.values.has('namespace');
  }

  get now(): number {
    return this.env.now();
  }

  /** Send one API request as the kubectl client. Ignored after the command finished. */
  request(req: ApiRequest, cb: (r: ApiResponse) => void): void {
    this.env.request(this.impersonating(req), (r) => {
      if (this.out.finished) return;
      // kubectl's StandardErrorMessage for a dial error (cmd/util/helpers.go): the command ends.
      if (r.refused) return this.refusedExit();
      // client-go's default warning handler: each `Warning:` header on stderr as it arrives.
      for (const w of r.warnings ?? []) this.stderr(`Warning: ${w}\n`);
      cb(r);
    });
  }

  /** `--as` / `--as-group`: the impersonation headers client-go adds to every request. */
  private impersonating<R extends Omit<ApiRequest, 'verb'>>(req: R): R {
    const user = this.flags.values.get('as')?.at(-1);
    const groups = this.flags.values.get('as-group') ?? [];
    if (!user && !groups.length) return req;
    return { ...req, impersonate: { user: user ?? '', ...(groups.length ? { groups } : {}) } };
  }

  /** kubectl's StandardErrorMessage for a dial error (cmd/util/helpers.go): the command ends. */
  private refusedExit(): void {
    const host = (this.env.serverUrl ?? 'https://10.0.0.10:6443').replace(/^\w+:\/\//, '');
    this.fail(
      `The connection to the server ${host} was refused - did you specify the right host or port?`,
    );
  }

  /** Whether this environment can watch (the browser worker and the test harness can). */
  get canWatch(): boolean {
    return this.env.watch !== undefined;
  }

  /** Open a watch, stopped when the command ends. */
  watch(
    req: Omit<ApiRequest, 'verb'>,
    onEvent: (e: WatchEventMessage) => void,
    onOpen: (r: ApiResponse) => void = () => {},
  ): () => void {
    if (!this.env.watch) {
      onOpen({ code: 501, body: 'watch is not available here' });
      return () => {};
    }
    const w = this.env.watch(
      this.impersonating(req as ApiRequest),
      (e) => {
        if (!this.out.finished) onEvent(e);
      },
      (r) => {
        if (this.out.finished) return;
        if (r.refused) this.refusedExit();
        else onOpen(r);
      },
    );
    const stop = () => w.stop();
    this.cleanups.push(stop);
    return stop;
  }

  /** Run `fn` after `ms` of virtual time (drain's polling, timeouts); false without a clock. */
  after(ms: number, fn: () => void): boolean {
    if (!this.env.after) return false;
    const cancel = this.env.after(ms, () => {
      if (!this.out.finished) fn();
    });
    this.cleanups.push(cancel);
    return true;
  }

  /** Run `fn` when the command ends, however it ends (a stream to hang up). */
  defer(fn: () => void): void {
    this.cleanups.push(fn);
  }

  stdout(text: string): void {
    this.out.stdout(text);
  }

  stderr(text: string): void {
    this.out.stderr(text);
  }

  /** End the command: stop its watches and timers, report the exit code. */
  finish(code = 0): void {
    for (const c of this.cleanups.splice(0)) c();
    this.out.finish(code);
  }

  /** Print an error line (a newline is added) and exit 1. */
  fail(message: string, code = 1): void {
    this.stderr(message.endsWith('\n') ? message : message + '\n');
    this.finish(code);
  }

  /** kubectl's usage error: `error: <msg>\nSee 'kubectl <cmd> -h' for help and examples`. */
  usageError(message: string): void {
    this.fail(`error: ${message}\nSee 'kubectl ${this.commandPath} -h' for help and examples`);
  }
}

/** An API error as kubectl prints it: `Error from server (NotFound): pods "x" not found`. */
export function apiError(r: ApiResponse): string {
  if (isStatus(r.body)) return kubectlErrorLine(r.body);
  if (r.code === 501) return `error: ${String(r.body)}`;
  const message = String(r.body ?? `the server answered ${r.code}`);
  // A reply that is not a Status (the kubelet's text relayed for pods/log) gets the reason of its
  // code, as client-go's NewGenericServerResponse gives it: `Error from server (BadRequest): …`.
  const reason = REASON_BY_CODE[r.code];
  return reason
    ? kubectlErrorLine({
        apiVersion: 'v1',
        kind: 'Status',
        status: 'Failure',
        code: r.code,
        reason,
        message,
      })
    : `Error from server: ${message}`;
}

/** k8s: apimachinery/pkg/api/errors NewGenericServerResponse, reason by HTTP status code. */
const REASON_BY_CODE: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Run `step(item, next)` for each item in order, then `done()`. */
export function eachInOrder<T>(
  items: readonly T[],
  step: (item: T, next: () => void, index: number) => void,
  done: () => void,
): void {
  const go = (i: number): void => {
    if (i >= items.length) return done();
    step(items[i], () => go(i + 1), i);
  };
  go(0);
}
