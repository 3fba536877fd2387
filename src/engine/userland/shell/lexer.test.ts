import { describe, it, expect } from 'vitest';
import { Lexer } from './lexer';
import { ShSyntaxError } from './syntax';

const kinds = (src: string) =>
  new Lexer(src)
    .tokens()
    .map((t) =>
      t.type === 'word'
        ? `w:${t.raw}`
        : t.type === 'op'
          ? `op:${t.v === '\n' ? '\\n' : t.v}`
          : 'redir',
    );

describe('lexer', () => {
  it('splits words, operators and redirections; comments and line continuations vanish', () => {
    expect(kinds('echo "a b" $X && ls >out 2>&1 # note\nx \\\n y')).toEqual([
      'w:echo',
      'w:"a b"',
      'w:$X',
      'op:&&',
      'w:ls',
      'redir',
      'redir',
      'op:\\n',
      'w:x',
      'w:y',
    ]);
  });

  it('keeps quoting and expansions as parts of a word', () => {
    const [t] = new Lexer('"$HOME/x"\'$y\'$(date)').tokens();
    expect(t).toMatchObject({
      type: 'word',
      word: [
        { t: 'param', name: 'HOME', q: true },
        // Quoted literals side by side join; `$y` in single quotes stays literal.
        { t: 'lit', v: '/x$y', q: true },
        { t: 'cmd', src: 'date', q: false },
      ],
    });
  });

  it('an unterminated quote is a syntax error', () => {
    expect(() => new Lexer('echo "open').tokens()).toThrow(ShSyntaxError);
  });
});
