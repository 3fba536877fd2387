/**
 * Coroutines on the virtual clock: a reconcile loop written as a generator that yields each
 * request and is resumed, with the response, when the network delivers it. `yield*` keeps the
 * result typed:
 *
 *   const r = yield* api.create('pods', ns, pod);
 *   if (r.code !== 201) return { error: errorText(r) };
 *
 * so a sync reads top to bottom like its Go source, where each call blocks. A coroutine is
 * started in a {@link Scope}; cancelling the scope (its process stopped) drops every coroutine
 * in it: a response that still arrives resumes nothing. Nothing here reads time: coroutines run
 * only when the clock delivers a message.
 */

/** Start an operation; call `resume` once with its result. Children start in `scope`. */
export type Suspension = (resume: (value: unknown) => void, scope: Scope) => void;

/** A coroutine that returns a `T`. */
export type Co<T> = Generator<Suspension, T, unknown>;

/** Wait for a callback-style operation: `yield* suspend((resume) => client.get(…, resume))`. */
export function* suspend<T>(start: (resume: (value: T) => void) => void): Co<T> {
  return (yield start as Suspension) as T;
}

/**
 * Run coroutines side by side (Go: goroutines and a WaitGroup), each started in order until its
 * first request; resumes with their results, in the order given, once the last one finishes.
 */
export function* all<T>(tasks: Co<T>[]): Co<T[]> {
  return (yield (resume, scope) => {
    const results: T[] = new Array(tasks.length);
    let left = tasks.length;
    if (left === 0) return resume(results);
    tasks.forEach((task, i) =>
      scope.spawn(task, (value) => {
        results[i] = value;
        if (--left === 0) resume(results);
      }),
    );
  }) as T[];
}

/** A running coroutine. */
export interface Task {
  cancel(): void;
}

/** The coroutines of one process: cancelled together when it stops. */
export class Scope {
  private readonly live = new Set<Task>();

  /** Start `co` now (it runs until its first request); `done` gets what it returns. */
  spawn<T>(co: Co<T>, done: (value: T) => void = () => {}): Task {
    let cancelled = false;
    const task: Task = {
      cancel: () => {
        cancelled = true;
        this.live.delete(task);
      },
    };
    this.live.add(task);
    const step = (value: unknown) => {
      if (cancelled) return;
      const r = co.next(value);
      if (r.done) {
        this.live.delete(task);
        done(r.value);
        return;
      }
      let resumed = false;
      r.value((v) => {
        if (resumed) throw new Error('a coroutine was resumed twice');
        resumed = true;
        step(v);
      }, this);
    };
    step(undefined);
    return task;
  }

  /** How many coroutines are running (waiting for a reply). */
  get size(): number {
    return this.live.size;
  }

  /** Drop every coroutine: none is resumed again. */
  cancelAll(): void {
    for (const t of [...this.live]) t.cancel();
  }
}
