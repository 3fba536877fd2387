/** Building blocks of the servers' programs: a timeline of steps and small formatting helpers. */
import { EPOCH_MS } from '../../sim/clock';
import { formatDate } from '../shell/date';
import type { Program, ProgramStep } from './types';

/** Builds a finite list of steps on an absolute virtual timeline. */
export class Timeline {
  readonly steps: ProgramStep[] = [];
  private t = 0;
  private last = 0;
  constructor(private readonly start: number) {}
  wait(ms: number): this {
    this.t += ms;
    return this;
  }
  /** Wall-clock ms (Unix epoch) of the timeline's current instant. */
  wall(): number {
    return EPOCH_MS + this.start + this.t;
  }
  private push(step: ProgramStep): this {
    this.steps.push({ ...step, afterMs: this.t - this.last });
    this.last = this.t;
    return this;
  }
  out(lines: string | string[], stream: 'stdout' | 'stderr' = 'stdout'): this {
    for (const text of ([] as string[]).concat(lines).flatMap((l) => l.split('\n'))) {
      this.push({ afterMs: 0, type: 'output', stream, text });
    }
    return this;
  }
  err(lines: string | string[]): this {
    return this.out(lines, 'stderr');
  }
  memory(bytes: number): this {
    return this.push({ afterMs: 0, type: 'memory', bytes });
  }
  /** hpa: from now on the process keeps `cores` CPUs busy. */
  cpu(cores: number): this {
    return this.push({ afterMs: 0, type: 'cpu', cores });
  }
  exit(code: number): this {
    return this.push({ afterMs: 0, type: 'exit', code });
  }
}

/** A server's program: its start-up steps, ports, HTTP answers and stop-signal behaviour. */
export interface ServerSpec {
  start: Timeline;
  listens?: number[];
  http?: Program['http'];
  /** mysql: its answers to TCP exchanges (MySQL's protocol). */
  tcp?: Program['tcp'];
  /** The stop signal's effect; absent: the signal is ignored (PID 1 without a handler). */
  onStop?: (tl: Timeline) => void;
  /**
   * A loop the process runs once its start-up steps are taken (a client retrying a connection
   * and logging each failure): it adds the next round's steps, which must take time, and is
   * called again each time they are taken.
   */
  loop?: (tl: Timeline) => void;
}

/** Turns a {@link ServerSpec} into a {@link Program}, stepping through its timeline. */
export function serverProgram(spec: ServerSpec, now: () => number): Program {
  return new ServerProgram(spec, now);
}

/**
 * A server's process as the runtime steps it. Only what the running process needs is kept: the
 * steps not yet taken (dropped once all are), the stop handler and the HTTP answers — not the
 * spec or its timeline. scale: a class (one shape, methods shared by every container), not an
 * object literal of closures over one scope (~300 bytes a container).
 */
class ServerProgram implements Program {
  readonly listens: number[];
  readonly http: Program['http'];
  readonly tcp: Program['tcp'];
  exec?: Program['exec'];
  spawn?: Program['spawn'];
  container?: object;
  wake?: () => void;
  private steps: ProgramStep[] | undefined;
  private readonly onStop: ServerSpec['onStop'];
  private readonly loop: ServerSpec['loop'];
  private i = 0;
  private done = false;

  constructor(
    spec: ServerSpec,
    private readonly now: () => number,
  ) {
    const steps = spec.start.steps;
    this.steps = steps;
    this.onStop = spec.onStop;
    this.loop = spec.loop;
    this.listens = steps.some((s) => s.type === 'exit') ? [] : (spec.listens ?? NO_PORTS);
    this.http = spec.http ?? noHttp;
    this.tcp = spec.tcp;
  }

  next(): ProgramStep | undefined {
    if (!this.done && this.loop && (!this.steps || this.i >= this.steps.length)) {
      const tl = new Timeline(this.now());
      this.loop(tl);
      this.steps = tl.steps;
      this.i = 0;
    }
    const steps = this.steps;
    if (this.done || !steps) return undefined;
    const step = steps[this.i++];
    if (this.i >= steps.length) {
      // The server's closures (its HTTP answers, its stop handler) may share a scope with the
      // timeline: empty it, so the taken steps do not stay referenced while the server runs.
      steps.length = 0;
      this.steps = undefined;
    }
    if (step?.type === 'exit') this.done = true;
    return step;
  }

  terminate(): ProgramStep[] {
    if (this.done || !this.onStop) return [];
    const tl = new Timeline(this.now());
    this.onStop(tl);
    if (tl.steps.some((s) => s.type === 'exit')) this.done = true;
    return tl.steps;
  }
}

const NO_PORTS: number[] = [];
const noHttp = (): undefined => undefined;

/** The first `digits` digits of the fraction of a second of `ms` (milli-, micro-, nanoseconds). */
export const frac = (ms: number, digits: number) =>
  // Whole digits: virtual times can carry fractions of a millisecond (`11.9.2` was printed).
  String(Math.floor((ms % 1000) * 10 ** (digits - 3)))
    .padStart(digits, '0')
    .slice(0, digits);
/** `2026-01-05 09:00:05` */
export const isoSpace = (ms: number) => formatDate(ms, '%Y-%m-%d %H:%M:%S');
/** The node's kernel release, as `uname -r` shows it. */
export const KERNEL = '6.8.0-1015-gcp';

/** Reads `-flag=value` / `--flag=value` / `-flag value` from an argument list. */
export function flag(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i].replace(/^--?/, '-');
    if (a === `-${name}`) return args[i + 1];
    if (a.startsWith(`-${name}=`)) return a.slice(name.length + 2);
  }
  return undefined;
}

/** The port at the end of a listen address (`:5678`, `0.0.0.0:80`), or `dflt`. */
export function portOf(listen: string | undefined, dflt: number): number {
  const m = /(\d+)$/.exec(listen ?? '');
  return m ? Number(m[1]) : dflt;
}

/** Whether dotted version `v` (absent: the newest) is at least `want`. */
export function versionAtLeast(v: string | undefined, want: number[]): boolean {
  const have = (v ?? '999').split('.').map(Number);
  for (let i = 0; i < want.length; i++) {
    if ((have[i] ?? 0) !== want[i]) return (have[i] ?? 0) > want[i];
  }
  return true;
}
