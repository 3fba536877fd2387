/**
 * kubectl's column alignment. Both `kubectl get` and `kubectl describe` write tab-separated text
 * through Go's text/tabwriter; this is a port of its algorithm (cells, column blocks, padding),
 * so the spacing is what kubectl prints, byte for byte.
 */

/** Settings of a Go `tabwriter.Writer` (padchar is always a space, flags 0). */
export interface TabwriterOptions {
  /** Minimal cell width including padding. */
  minwidth: number;
  /** Padding added to a cell's width. */
  padding: number;
}

/** cli-runtime printers.GetNewTabWriter: `tabwriter.NewWriter(out, 6, 4, 3, ' ', 0)` (get). */
export const GET_TABWRITER: TabwriterOptions = { minwidth: 6, padding: 3 };
/** kubectl/pkg/describe tabbedString: `out.Init(buf, 0, 8, 2, ' ', 0)` (describe). */
export const DESCRIBE_TABWRITER: TabwriterOptions = { minwidth: 0, padding: 2 };

/** Go counts a cell's width in runes (utf8.RuneCount). */
function runeWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Aligns tab-separated text as Go's text/tabwriter does, then flushes. A cell is text terminated by
 * a tab; the text after a line's last tab is not part of any column and is never padded. A column
 * block is a run of consecutive lines that have a cell in that column; a line with fewer cells ends
 * the block, so sections separated by such lines are aligned independently.
 * @param text the input; `\f` forces a flush (what describe's `w.Flush()` does)
 */
export function tabwrite(text: string, opts: TabwriterOptions): string {
  return text
    .split('\f')
    .map((segment) => formatSegment(segment, opts))
    .join('');
}

function formatSegment(text: string, opts: TabwriterOptions): string {
  if (text === '') return '';
  const rawLines = text.split('\n');
  // The text after the last newline is an unterminated line (usually empty).
  const tail = rawLines.pop() ?? '';
  const lines = rawLines.map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i];
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j];
        s += c;
        if (j < widths.length && j < cells.length - 1) {
          s += ' '.repeat(Math.max(0, widths[j] - runeWidth(c)));
        }
      }
      out.push(s + '\n');
    }
  };

  // text/tabwriter (*Writer).format
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= lines[t].length - 1) continue;
      // a cell exists in this column: print the lines before the block
      writeLines(line0, t);
      line0 = t;
      let width = opts.minwidth;
      for (; t < line1; t++) {
        const cells = lines[t];
        if (column >= cells.length - 1) break;
        const w = runeWidth(cells[column]) + opts.padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
      t--; // the for-loop increment re-examines line t, as Go's loop does
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('') + tail;
}

/**
 * cli-runtime printers.EscapeTerminal: ESC becomes `^[` and CR `\r`, so a value holding an escape
 * sequence (an annotation with `ESC[2J`) is shown, not obeyed by the terminal (k/k issue
 * #101695). The table printer and describe write every value through it; logs are not escaped.
 */
export function escapeTerminal(text: string): string {
  return text.replaceAll('\u001b', '^[').replaceAll('\r', '\\r');
}

/**
 * A `kubectl get` table: upper-case headers, cells separated by at least 3 spaces, the last
 * column unpadded (cli-runtime tableprinter: cells joined by `\t`, one row per line).
 * A cell is cut at its first newline and marked `...`, as the table printer does, and escaped.
 */
export function printTable(headers: string[], rows: string[][]): string {
  const clean = (cell: string): string => {
    const i = cell.search(/[\f\n\r]/);
    return escapeTerminal(i >= 0 ? cell.slice(0, i) + '...' : cell);
  };
  const text = [headers, ...rows].map((r) => r.map(clean).join('\t') + '\n').join('');
  return tabwrite(text, GET_TABWRITER);
}

/**
 * What `kubectl get` writes to stderr when nothing matches: `No resources found in default
 * namespace.` for a namespaced list, `No resources found` for `-A` or cluster-scoped kinds.
 * k8s: kubectl/pkg/cmd/get/get.go (`No resources found in %s namespace.`)
 */
export function noResourcesMessage(namespace?: string): string {
  return namespace ? `No resources found in ${namespace} namespace.` : 'No resources found';
}
