import { describe, expect, it } from 'vitest';
import {
  DESCRIBE_TABWRITER,
  escapeTerminal,
  noResourcesMessage,
  printTable,
  tabwrite,
} from './table';

describe('printTable (kubectl get tabwriter: minwidth 6, padding 3)', () => {
  it('pads every column but the last to its widest cell plus 3 spaces', () => {
    expect(
      printTable(
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
        [
          ['web-5948f7484f-x7k2p', '1/1', 'Running', '0', '5m'],
          ['db-0', '0/1', 'CrashLoopBackOff', '3 (45s ago)', '2d3h'],
        ],
      ),
    ).toBe(
      'NAME                   READY   STATUS             RESTARTS      AGE\n' +
        'web-5948f7484f-x7k2p   1/1     Running            0             5m\n' +
        'db-0                   0/1     CrashLoopBackOff   3 (45s ago)   2d3h\n',
    );
  });

  it('gives a narrow column at least the minimum width of 6', () => {
    expect(printTable(['A', 'B'], [['x', 'y']])).toBe('A     B\nx     y\n');
  });

  it('cuts a cell at its first newline and marks it', () => {
    expect(printTable(['NAME', 'MESSAGE'], [['a', 'line one\nline two']])).toBe(
      'NAME   MESSAGE\na      line one...\n',
    );
  });
});

describe('tabwrite (text/tabwriter column blocks)', () => {
  it('aligns consecutive lines only: a line without a tab ends the block', () => {
    const text = 'Name:\tweb\nNamespace:\tdefault\nContainers:\n  web:\n    Image:\tnginx\n';
    expect(tabwrite(text, DESCRIBE_TABWRITER)).toBe(
      'Name:       web\nNamespace:  default\nContainers:\n  web:\n    Image:  nginx\n',
    );
  });
  it('aligns a column only across lines that have it', () => {
    const text = 'a\tb\tc\naaaa\tb\n';
    expect(tabwrite(text, DESCRIBE_TABWRITER)).toBe('a     b  c\naaaa  b\n');
  });
});

describe('noResourcesMessage', () => {
  it('names the namespace for a namespaced list', () => {
    expect(noResourcesMessage('default')).toBe('No resources found in default namespace.');
  });
  it('is plain for -A and cluster-scoped kinds', () => {
    expect(noResourcesMessage()).toBe('No resources found');
  });
});

describe('escapeTerminal', () => {
  it('shows ESC as ^[ and CR as \\r, so a value cannot drive the terminal', () => {
    expect(escapeTerminal('a\u001b[2Jb\rc\td')).toBe('a^[[2Jb\\rc\td');
  });
  it('is applied to every table cell', () => {
    expect(printTable(['NAME', 'NOTE'], [['x', '\u001b[31mred']])).toBe(
      'NAME   NOTE\nx      ^[[31mred\n',
    );
  });
});
