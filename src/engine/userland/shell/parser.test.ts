import { describe, it, expect } from 'vitest';
import { parseScript } from './parser';
import { ShSyntaxError } from './syntax';
import { drain, last, lines, sh } from '../../testing/shellHarness';

describe('parser', () => {
  it('builds and-or lists, pipelines, loops and if branches', () => {
    const tree = parseScript('a | b && c; while x; do y; done; if p; then q; else r; fi');
    const seqOf = (node: object) => ({ k: 'seq', items: [{ node }] });
    const cmd = (name: string) => ({ k: 'simple', words: [[{ t: 'lit', v: name, q: false }]] });
    expect(tree).toMatchObject({
      k: 'seq',
      items: [
        {
          node: {
            k: 'andor',
            first: { k: 'pipe', cmds: [cmd('a'), cmd('b')] },
            rest: [['&&', cmd('c')]],
          },
        },
        { node: { k: 'loop', until: false, cond: seqOf(cmd('x')), body: seqOf(cmd('y')) } },
        {
          node: {
            k: 'if',
            branches: [[seqOf(cmd('p')), seqOf(cmd('q'))]],
            otherwise: seqOf(cmd('r')),
          },
        },
      ],
    });
  });

  it('an unfinished loop is an end-of-file error expecting done', () => {
    expect(() => parseScript('while true; do echo x')).toThrow(ShSyntaxError);
    try {
      parseScript('while true; do echo x');
    } catch (e) {
      expect(e).toMatchObject({ kind: 'eof', want: 'done' });
    }
  });

  it('a syntax error exits 2 with the shell message', () => {
    const steps = drain(sh('while true; do echo x'));
    expect(lines(steps)).toEqual(['sh: syntax error: unexpected end of file (expecting "done")']);
    expect(last(steps)).toMatchObject({ code: 2 });
  });
});
