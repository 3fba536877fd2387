/**
 * What the terminal showed, with the virtual time each piece was written at, so the timeline can
 * show the terminal as it was at any moment of the run (issue 13: "terminal history up to then").
 * Replaying the pieces up to a moment redraws that moment's screen exactly, escape codes and all.
 */

/** A piece written to the screen, or a `clear` (Ctrl+L, `clear`). */
export type TranscriptEntry = { at: number; text: string } | { at: number; clear: true };

/** The most text kept (chars), as xterm's scrollback would drop the oldest lines anyway. */
export const TRANSCRIPT_LIMIT = 2_000_000;

export class Transcript {
  private entries: TranscriptEntry[] = [];
  private size = 0;

  constructor(private readonly limit = TRANSCRIPT_LIMIT) {}

  write(at: number, text: string): void {
    if (!text) return;
    const last = this.entries[this.entries.length - 1];
    // Pieces of the same instant are one piece (keystrokes, a command's output in chunks).
    if (last && 'text' in last && last.at === at) last.text += text;
    else this.entries.push({ at, text });
    this.size += text.length;
    this.trim();
  }

  clear(at: number): void {
    this.entries.push({ at, clear: true });
  }

  /** The pieces written at or before `at`, in order. */
  upTo(at: number): TranscriptEntry[] {
    let end = this.entries.length;
    while (end > 0 && this.entries[end - 1].at > at) end--;
    return this.entries.slice(0, end);
  }

  /** A new future from `at`: what the dropped future printed is dropped too. */
  truncate(at: number): void {
    const kept = this.upTo(at);
    this.entries = kept;
    this.size = kept.reduce((n, e) => n + ('text' in e ? e.text.length : 0), 0);
  }

  /**
   * A new cluster (a reset, a restored run): its clock starts again, so what was written before
   * belongs to no moment of it and is shown at every moment.
   */
  rebase(): void {
    this.entries = this.entries.map((e) => ({ ...e, at: -Infinity }));
  }

  private trim(): void {
    while (this.size > this.limit && this.entries.length > 1) {
      const first = this.entries.shift()!;
      if ('text' in first) this.size -= first.text.length;
    }
  }
}
