import { describe, expect, it } from 'vitest';
import { compileSafeRegex, unsafeRegexReason } from './safeRegex';
import { checkOutput } from './expect';

describe('scenario regular expressions', () => {
  it('refuses patterns that backtrack catastrophically', () => {
    for (const p of [
      '(x+x+)+y',
      '(a+)+$',
      '(a*)*b',
      '(a|aa)*c',
      '((ab)*)+',
      '(\\d+\\s?)+$',
      '(a|b){2,}',
      '(a)\\1',
    ])
      expect(unsafeRegexReason(p), p).toBeDefined();
  });

  it('accepts the patterns scenarios use', () => {
    for (const p of [
      '^web\\s+3/3\\s+3\\s+3\\s+\\d+s$',
      '^(web-[bcdf4-9]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}\\s+1/1\\s+Running\\s+0\\s+\\d+s\\n?){3}$',
      '^NAME\\s+STATUS\\s+MESSAGE\\s+ERROR$',
      '(?:foo|bar) \\d+',
      '[(+)]+x',
    ])
      expect(unsafeRegexReason(p), p).toBeUndefined();
  });

  it('a hostile pattern given to expectOutput is refused at once, never run', () => {
    const text = 'x'.repeat(40);
    expect(() => checkOutput({ text, exitCode: 0 }, { matches: '(x+x+)+y' })).toThrow(
      /refused: a repeated group/,
    );
    expect(compileSafeRegex('^x+$').test(text)).toBe(true);
  });
});
