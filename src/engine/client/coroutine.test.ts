import { describe, expect, it } from 'vitest';
import { Clock } from '../sim/clock';
import { all, Scope, suspend, type Co } from './coroutine';

/** A reply `value` after `ms` of virtual time, as the network delivers one. */
function after<T>(clock: Clock, ms: number, value: T, log: string[]): Co<T> {
  return suspend((resume) => {
    log.push(`send ${String(value)}`);
    clock.setTimeout(() => resume(value), ms);
  });
}

describe('coroutines on the virtual clock', () => {
  it('resumes a coroutine with each reply when the clock delivers it', () => {
    const clock = new Clock();
    const log: string[] = [];
    let result: string | undefined;
    new Scope().spawn(
      (function* () {
        const a = yield* after(clock, 10, 'a', log);
        log.push(`got ${a} at ${clock.now}`);
        const b = yield* after(clock, 5, 'b', log);
        log.push(`got ${b} at ${clock.now}`);
        return a + b;
      })(),
      (v) => (result = v),
    );
    // It runs up to its first request at once.
    expect(log).toEqual(['send a']);
    clock.advance(100);
    expect(log).toEqual(['send a', 'got a at 10', 'send b', 'got b at 15']);
    expect(result).toBe('ab');
  });

  it('runs coroutines side by side, starting them in order, results in order', () => {
    const clock = new Clock();
    const log: string[] = [];
    let result: number[] | undefined;
    new Scope().spawn(
      all([after(clock, 30, 1, log), after(clock, 10, 2, log), after(clock, 20, 3, log)]),
      (v) => (result = v),
    );
    expect(log).toEqual(['send 1', 'send 2', 'send 3']);
    clock.advance(25);
    expect(result).toBeUndefined();
    clock.advance(5);
    expect(result).toEqual([1, 2, 3]);
  });

  it('finishes at once with nothing to wait for', () => {
    let result: unknown[] | undefined;
    new Scope().spawn(all([]), (v) => (result = v));
    expect(result).toEqual([]);
  });

  it('drops cancelled coroutines: a reply that still arrives resumes nothing', () => {
    const clock = new Clock();
    const log: string[] = [];
    const scope = new Scope();
    let done = false;
    scope.spawn(
      (function* () {
        yield* all([after(clock, 10, 'x', log), after(clock, 10, 'y', log)]);
        log.push('resumed');
      })(),
      () => (done = true),
    );
    expect(scope.size).toBe(3);
    scope.cancelAll();
    expect(scope.size).toBe(0);
    clock.advance(100);
    expect(log).toEqual(['send x', 'send y']);
    expect(done).toBe(false);
  });

  it('refuses a second resume of the same request', () => {
    let resume: ((v: unknown) => void) | undefined;
    new Scope().spawn(
      (function* () {
        yield* suspend((r) => (resume = r));
        yield* suspend(() => {});
      })(),
    );
    resume!(1);
    expect(() => resume!(2)).toThrow('resumed twice');
  });
});
