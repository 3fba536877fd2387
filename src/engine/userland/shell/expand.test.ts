import { describe, it, expect } from 'vitest';
import { drain, lines, sh } from '../../testing/shellHarness';

// Expansion: parameters, command substitution, arithmetic, and the tests that use them.

describe('variables and arithmetic', () => {
  it('expands $VAR, ${VAR}, defaults and $(hostname)', () => {
    const out = lines(
      drain(
        sh(
          'echo "$GREETING from ${HOSTNAME} on $(hostname)"; echo ${UNSET:-fallback} ${#GREETING}',
        ),
      ),
    );
    expect(out).toEqual(['hello world from box on box', 'fallback 11']);
  });

  it('counts with $((i+1)) and compares with [ ]', () => {
    const out = lines(
      drain(
        sh('i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo "i=$i"; done; echo $(( i * 10 + 2 ))'),
      ),
    );
    expect(out).toEqual(['i=1', 'i=2', 'i=3', '32']);
  });

  it('if/elif/else, && and ||', () => {
    const out = lines(
      drain(
        sh(
          'if [ "$GREETING" = "nope" ]; then echo a; elif [ -n "$GREETING" ]; then echo b; else echo c; fi; false || echo or; true && echo and',
        ),
      ),
    );
    expect(out).toEqual(['b', 'or', 'and']);
  });
});
