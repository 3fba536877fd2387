/**
 * The terminal's line editing, without the DOM: what a keystroke (xterm's `onData` string) does to
 * the line, the cursor and the history, and the escape codes that redraw it. Tested in Node.
 */

export const PROMPT = '$ ';

/** What the panel must do after some input. */
export type LineAction =
  | { type: 'none' }
  | { type: 'submit'; line: string }
  | { type: 'interrupt' }
  | { type: 'clear' }
  | { type: 'complete'; line: string };

const ESC = '\x1b';

/** One editable line with a history (↑/↓), as a shell's readline keeps it. */
export class LineEditor {
  line = '';
  cursor = 0;
  private history: string[] = [];
  private historyIndex = 0;
  /** The line being typed before ↑ was pressed, restored by ↓ past the newest entry. */
  private draft = '';

  constructor(history: string[] = []) {
    this.history = [...history];
    this.historyIndex = this.history.length;
  }

  /** The history, oldest first (the panel keeps it across sessions). */
  get entries(): readonly string[] {
    return this.history;
  }

  /** Replace the line (history recall, completion) and put the cursor at its end. */
  set(line: string): void {
    this.line = line;
    this.cursor = line.length;
  }

  /** The escape codes that redraw the prompt and line, cursor in place. */
  render(): string {
    const back = this.line.length - this.cursor;
    return `\r${ESC}[K${PROMPT}${this.line}${back > 0 ? `${ESC}[${back}D` : ''}`;
  }

  /**
   * Apply one `onData` chunk. Printable text (also a paste) is inserted; a newline in a paste
   * submits the line before it (the rest is dropped, as a shell would run it next).
   * @returns what the panel should do; `redraw` says whether to write {@link render}.
   */
  input(data: string): { action: LineAction; redraw: boolean } {
    switch (data) {
      case '\r':
        return { action: this.submit(), redraw: false };
      case '\x7f':
      case '\b':
        if (this.cursor === 0) return { action: { type: 'none' }, redraw: false };
        this.line = this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor);
        this.cursor--;
        return { action: { type: 'none' }, redraw: true };
      case `${ESC}[3~`:
        this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
        return { action: { type: 'none' }, redraw: true };
      case `${ESC}[A`:
        return { action: { type: 'none' }, redraw: this.recall(-1) };
      case `${ESC}[B`:
        return { action: { type: 'none' }, redraw: this.recall(1) };
      case `${ESC}[C`:
        this.cursor = Math.min(this.line.length, this.cursor + 1);
        return { action: { type: 'none' }, redraw: true };
      case `${ESC}[D`:
        this.cursor = Math.max(0, this.cursor - 1);
        return { action: { type: 'none' }, redraw: true };
      case `${ESC}[H`:
      case `${ESC}OH`:
      case '\x01':
        this.cursor = 0;
        return { action: { type: 'none' }, redraw: true };
      case `${ESC}[F`:
      case `${ESC}OF`:
      case '\x05':
        this.cursor = this.line.length;
        return { action: { type: 'none' }, redraw: true };
      case '\x15':
        this.line = this.line.slice(this.cursor);
        this.cursor = 0;
        return { action: { type: 'none' }, redraw: true };
      case '\x0b':
        this.line = this.line.slice(0, this.cursor);
        return { action: { type: 'none' }, redraw: true };
      case '\x03':
        this.set('');
        this.historyIndex = this.history.length;
        return { action: { type: 'interrupt' }, redraw: false };
      case '\x0c':
        return { action: { type: 'clear' }, redraw: false };
      case '\t':
        return {
          action: { type: 'complete', line: this.line.slice(0, this.cursor) },
          redraw: false,
        };
    }
    if (data.startsWith(ESC)) return { action: { type: 'none' }, redraw: false };
    // Printable text, typed or pasted.
    const nl = data.search(/[\r\n]/);
    const text = (nl >= 0 ? data.slice(0, nl) : data)
      .split('')
      .filter((ch) => ch >= ' ' && ch !== '\x7f')
      .join('');
    this.line = this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor);
    this.cursor += text.length;
    if (nl >= 0) return { action: this.submit(), redraw: true };
    return { action: { type: 'none' }, redraw: true };
  }

  private submit(): LineAction {
    const line = this.line;
    if (line.trim() && this.history[this.history.length - 1] !== line) this.history.push(line);
    if (this.history.length > 500) this.history.shift();
    this.historyIndex = this.history.length;
    this.draft = '';
    this.set('');
    return { type: 'submit', line };
  }

  private recall(delta: number): boolean {
    const next = this.historyIndex + delta;
    if (next < 0 || next > this.history.length) return false;
    if (this.historyIndex === this.history.length) this.draft = this.line;
    this.historyIndex = next;
    this.set(next === this.history.length ? this.draft : this.history[next]);
    return true;
  }
}
