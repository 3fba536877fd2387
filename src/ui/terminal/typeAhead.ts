/**
 * Type-ahead, as a real terminal has it: keys typed while a command is still printing are not
 * lost. The tty keeps them in its input queue and the shell reads them once the command has
 * ended and the prompt is back, so a learner can type the next command before the last one has
 * finished. Ctrl+C interrupts the command and, as the tty does on SIGINT (termios `NOFLSH`
 * unset), drops what was typed ahead.
 */
export class TypeAhead {
  private queue: string[] = [];
  private draining = false;

  constructor(
    /** Handles one chunk of input at an idle prompt (it may start a command). */
    private readonly handle: (data: string) => void,
    /** True while a command runs. */
    private readonly busy: () => boolean,
    /** Ctrl+C while a command runs. */
    private readonly interrupt: () => void,
  ) {}

  /** One `onData` chunk: handled now at an idle prompt, kept for later while a command runs. */
  input(data: string): void {
    if (!this.busy() && this.queue.length === 0) return this.handle(data);
    if (data === '\x03' && this.busy()) {
      this.queue = [];
      return this.interrupt();
    }
    this.queue.push(data);
    this.drain();
  }

  /** The command ended and the prompt is back: what was typed meanwhile is handled, in order. */
  idle(): void {
    this.drain();
  }

  /** How many chunks wait. */
  get waiting(): number {
    return this.queue.length;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      // A chunk that submits a command makes the terminal busy again: the rest waits for it.
      while (this.queue.length > 0 && !this.busy()) this.handle(this.queue.shift()!);
    } finally {
      this.draining = false;
    }
  }
}
