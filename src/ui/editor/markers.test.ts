import { describe, expect, it } from 'vitest';
import { toMarkerData } from './markers';

// monaco.MarkerSeverity's values (monaco-editor 0.52).
const severities = { Error: 8, Warning: 4, Info: 2 } as const;

describe('toMarkerData', () => {
  it('maps positions and severities to Monaco marker data', () => {
    const [error, warning, info] = toMarkerData(
      [
        { line: 3, column: 5, endLine: 3, endColumn: 12, message: 'bad', severity: 'error' },
        { line: 1, column: 1, endLine: 2, endColumn: 1, message: 'hmm', severity: 'warning' },
        { line: 7, column: 2, endLine: 7, endColumn: 4, message: 'fyi', severity: 'info' },
      ],
      severities,
    );
    expect(error).toMatchObject({
      startLineNumber: 3,
      startColumn: 5,
      endLineNumber: 3,
      endColumn: 12,
      message: 'bad',
      severity: 8,
    });
    expect(warning).toMatchObject({ startLineNumber: 1, endLineNumber: 2, severity: 4 });
    expect(info.severity).toBe(2);
  });

  it('widens an empty or inverted range to the end of its line, and clamps to line 1', () => {
    const [empty, zero] = toMarkerData(
      [
        { line: 4, column: 3, endLine: 4, endColumn: 3, message: 'x', severity: 'error' },
        { line: 0, column: 0, endLine: 0, endColumn: 0, message: 'y', severity: 'error' },
      ],
      severities,
    );
    expect(empty).toMatchObject({ startLineNumber: 4, startColumn: 3, endLineNumber: 4 });
    expect(empty.endColumn).toBeGreaterThan(1000);
    expect(zero).toMatchObject({ startLineNumber: 1, startColumn: 1, endLineNumber: 1 });
  });
});
