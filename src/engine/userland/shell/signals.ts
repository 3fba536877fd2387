/** Control flow that unwinds the interpreter's generators: exit, return, break/continue, blocking. */

/** `exit N` (or a fatal error): unwinds to the top of the (sub)shell. */
export class ExitSignal {
  constructor(readonly code: number) {}
}
/** The process blocks forever without output (`sleep infinity`, `tail -f`, an idle loop). */
export class QuietForever {
  /** hpa: a loop that repeats without sleeping: it blocks nothing, it keeps a CPU busy. */
  constructor(readonly spinning = false) {}
}
/** `break N` / `continue N`: unwinds `levels` enclosing loops. */
export class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}
/** `return N`: unwinds to the calling function. */
export class ReturnSignal {
  constructor(readonly code: number) {}
}
