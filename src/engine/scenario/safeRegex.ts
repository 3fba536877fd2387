/**
 * Regular expressions written in scenario and lesson files run on kubectl's output. JavaScript's
 * backtracking engine has no step budget, so a pattern such as `(x+x+)+y` would hang the runner
 * (catastrophic backtracking). Such patterns need an unbounded quantifier applied to a group that
 * can itself match in many ways: a group holding another unbounded quantifier or an alternation,
 * or a back-reference. Those are refused when the file is read, with the reason; everything else
 * is linear or, with bounded repetition like `(a\s+b){3}`, polynomial of small degree, and the
 * text it runs on is bounded (MAX_MATCH_INPUT).
 */

/** The most characters of output a pattern is run on. */
export const MAX_MATCH_INPUT = 200_000;

/** Why the pattern could backtrack catastrophically, or undefined when it is safe to run. */
export function unsafeRegexReason(pattern: string): string | undefined {
  // Per open group: does its body hold an unbounded quantifier or an alternation?
  const stack: { ambiguous: boolean }[] = [{ ambiguous: false }];
  /** Whether the atom just closed was a group that can match in many ways. */
  let lastGroupAmbiguous = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    const top = stack[stack.length - 1];
    if (ch === '\\') {
      if (/[1-9k]/.test(pattern[i + 1] ?? ''))
        return 'back-references are not allowed in scenario patterns';
      i++;
      lastGroupAmbiguous = false;
      continue;
    }
    if (ch === '[') {
      // Skip the character class, escapes included.
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      lastGroupAmbiguous = false;
      continue;
    }
    if (ch === '(') {
      stack.push({ ambiguous: false });
      lastGroupAmbiguous = false;
      continue;
    }
    if (ch === ')') {
      const closed = stack.length > 1 ? stack.pop()! : { ambiguous: false };
      lastGroupAmbiguous = closed.ambiguous;
      // What is ambiguous inside stays ambiguous for the enclosing group.
      if (closed.ambiguous) stack[stack.length - 1].ambiguous = true;
      continue;
    }
    if (ch === '|') {
      top.ambiguous = true;
      lastGroupAmbiguous = false;
      continue;
    }
    const unbounded =
      ch === '*' || ch === '+' || (ch === '{' && /^\{\d*,\}/.test(pattern.slice(i)));
    if (unbounded) {
      if (lastGroupAmbiguous)
        return 'a repeated group that itself repeats or alternates (like `(a+)+` or `(a|b)*`) can take exponential time';
      top.ambiguous = true;
    }
    if (ch !== '?' && !(ch === '{' || ch === '}' || /[\d,]/.test(ch) || unbounded))
      lastGroupAmbiguous = false;
  }
  return undefined;
}

/** Compile a scenario pattern, or throw with the reason it cannot be used. */
export function compileSafeRegex(pattern: string): RegExp {
  const unsafe = unsafeRegexReason(pattern);
  if (unsafe) throw new Error(`pattern /${pattern}/ refused: ${unsafe}`);
  try {
    return new RegExp(pattern, 'm');
  } catch (e) {
    throw new Error(`invalid pattern /${pattern}/: ${(e as Error).message.replace(/^.*: /, '')}`);
  }
}
