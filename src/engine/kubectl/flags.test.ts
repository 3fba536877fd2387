import { describe, expect, it } from 'vitest';
import { bool, parseFlags, str, strs } from './flags';

const SPECS = [
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'all-namespaces', short: 'A', type: 'bool' as const },
  { name: 'watch', short: 'w', type: 'bool' as const },
  { name: 'tail', type: 'int' as const },
  { name: 'from-literal', type: 'strings' as const },
];

describe('parseFlags (pflag)', () => {
  it('reads long, short, attached and grouped forms', () => {
    const f = parseFlags(['pods', '-owide', '-Aw', '--tail=5', '-n', 'kube-system'], SPECS);
    if ('error' in f) throw new Error(f.error);
    expect(f.positional).toEqual(['pods']);
    expect(str(f, 'output')).toBe('wide');
    expect(bool(f, 'all-namespaces')).toBe(true);
    expect(bool(f, 'watch')).toBe(true);
    expect(str(f, 'tail')).toBe('5');
    expect(str(f, 'namespace')).toBe('kube-system');
  });

  it('keeps repeated values and what follows --', () => {
    const f = parseFlags(
      ['x', '--from-literal=a=1', '--from-literal', 'b=2', '--', 'echo', '-n'],
      SPECS,
    );
    if ('error' in f) throw new Error(f.error);
    expect(strs(f, 'from-literal')).toEqual(['a=1', 'b=2']);
    expect(f.dash).toEqual(['echo', '-n']);
  });

  it('words errors as pflag does', () => {
    expect(parseFlags(['--foo'], SPECS)).toEqual({ error: 'unknown flag: --foo' });
    expect(parseFlags(['-x'], SPECS)).toEqual({ error: "unknown shorthand flag: 'x' in -x" });
    expect(parseFlags(['--tail'], SPECS)).toEqual({ error: 'flag needs an argument: --tail' });
    expect(parseFlags(['--tail=abc'], SPECS)).toEqual({
      error:
        'invalid argument "abc" for "--tail" flag: strconv.ParseInt: parsing "abc": invalid syntax',
    });
  });

  it('lets --flag=false turn a default-on flag off', () => {
    const f = parseFlags(['--watch=false'], SPECS);
    if ('error' in f) throw new Error(f.error);
    expect(bool(f, 'watch', true)).toBe(false);
  });
});
