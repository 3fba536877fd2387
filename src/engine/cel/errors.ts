/**
 * CEL's two kinds of error: one found when an expression is compiled (parse or check), shown as
 * cel-go shows it (common/errors.go ToDisplayString), and one met while evaluating, whose text is
 * cel-go's runtime error (`no such key: x`, `no such overload`, `division by zero`).
 */

/** An error of evaluation. CEL's `&&`, `||` and the `all`/`exists` macros may absorb it. */
export class CelEvalError extends Error {}

/** One compile-time error at a character offset of the source. */
export interface CelIssue {
  at: number;
  message: string;
}

/** Parse or check errors, displayed as cel-go does: `ERROR: <input>:1:7: …` with the caret. */
export class CelCompileError extends Error {
  constructor(
    readonly source: string,
    readonly issues: CelIssue[],
  ) {
    super(issues.map((i) => display(source, i)).join('\n'));
  }
}

/** Line and column (1-based, counted in characters) of an offset. */
export function location(source: string, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < at && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: [...source.slice(start, at)].length + 1 };
}

/** `ERROR: <input>:L:C: message` and the source line with a caret under the column. */
export function display(source: string, issue: CelIssue): string {
  const { line, column } = location(source, issue.at);
  const text = source.split('\n')[line - 1] ?? '';
  return (
    `ERROR: <input>:${line}:${column}: ${issue.message}\n` +
    ` | ${text}\n` +
    ` | ${'.'.repeat(column - 1)}^`
  );
}
