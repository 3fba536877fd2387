/**
 * The parser of kubectl's `-l` / `--selector` syntax, a line-by-line port of apimachinery's
 * Lexer and Parser (k/k: staging/src/k8s.io/apimachinery/pkg/labels/selector.go, labels.Parse),
 * so that the same texts are accepted and the same error messages given.
 */
import { labelValueErrors, qualifiedNameErrors } from './names';

export type SelectorOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One parsed requirement: `key op values`. */
export interface Requirement {
  key: string;
  operator: SelectorOperator;
  /** Sorted and de-duplicated, as `sets.String.List()` leaves them. */
  values: string[];
}

/** A parsed label selector: all requirements must match (AND). An empty list matches everything. */
export interface ParsedSelector {
  requirements: Requirement[];
}

type Tok =
  'id' | 'in' | 'notin' | '!' | '!=' | '=' | '==' | '>' | '<' | '(' | ')' | ',' | 'eos' | 'error';

interface Scanned {
  tok: Tok;
  lit: string;
}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SYMBOLS: Record<string, Tok> = {
  '!': '!',
  '!=': '!=',
  '=': '=',
  '==': '==',
  '>': '>',
  '<': '<',
  '(': '(',
  ')': ')',
  ',': ',',
};

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function lex(input: string): Scanned[] {
  const out: Scanned[] = [];
  let i = 0;
  for (;;) {
    while (i < input.length && isWhitespace(input[i])) i++;
    if (i >= input.length) {
      out.push({ tok: 'eos', lit: '' });
      return out;
    }
    const ch = input[i];
    if (SPECIAL.has(ch)) {
      // Longest run of special characters that is still a known symbol.
      let buf = '';
      let last: Scanned | undefined;
      while (i < input.length && SPECIAL.has(input[i])) {
        buf += input[i];
        if (SYMBOLS[buf]) {
          last = { tok: SYMBOLS[buf], lit: buf };
          i++;
        } else if (last) {
          break;
        } else {
          i++;
        }
      }
      out.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` });
      continue;
    }
    let id = '';
    while (i < input.length && !isWhitespace(input[i]) && !SPECIAL.has(input[i])) id += input[i++];
    out.push({ tok: id === 'in' ? 'in' : id === 'notin' ? 'notin' : 'id', lit: id });
  }
}

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

class SelectorParser {
  private pos = 0;
  constructor(private readonly items: Scanned[]) {}

  /** In the Values context `in`/`notin` are plain identifiers (k/k: Parser.lookahead). */
  private look(values: boolean): Scanned {
    const it = this.items[Math.min(this.pos, this.items.length - 1)];
    if (values && (it.tok === 'in' || it.tok === 'notin')) return { tok: 'id', lit: it.lit };
    return it;
  }
  private next(values: boolean): Scanned {
    const it = this.look(values);
    if (this.pos < this.items.length - 1) this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      if (tok === 'id' || tok === '!') {
        let r: Requirement;
        try {
          r = this.requirement();
        } catch (e) {
          throw new Error(`unable to parse requirement: ${(e as Error).message}`);
        }
        reqs.push(r);
        const t = this.next(true);
        if (t.tok === 'eos') return reqs;
        if (t.tok === ',') {
          const t2 = this.look(true);
          if (t2.tok !== 'id' && t2.tok !== '!') {
            throw new Error(`found '${t2.lit}', expected: identifier after ','`);
          }
          continue;
        }
        throw new Error(`found '${t.lit}', expected: ',' or 'end of string'`);
      }
      if (tok === 'eos') return reqs;
      throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
    }
  }

  private requirement(): Requirement {
    let t = this.next(true);
    let notExists = false;
    if (t.tok === '!') {
      notExists = true;
      t = this.next(true);
    }
    if (t.tok !== 'id') throw new Error(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = qualifiedNameErrors(key);
    if (keyErrs.length > 0) {
      throw new Error(`<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
    }
    const la = this.look(true).tok;
    if (notExists || la === 'eos' || la === ',') {
      return { key, operator: notExists ? '!' : 'exists', values: [] };
    }
    const opTok = this.next(false);
    const opMap: Partial<Record<Tok, SelectorOperator>> = {
      in: 'in',
      notin: 'notin',
      '=': '=',
      '==': '==',
      '!=': '!=',
      '>': 'gt',
      '<': 'lt',
    };
    const op = opMap[opTok.tok];
    if (!op) throw new Error(`found '${opTok.lit}', expected: ${BINARY_OPERATORS}`);
    const values = op === 'in' || op === 'notin' ? this.setValues() : this.exactValue();
    const sorted = [...new Set(values)].sort();
    const errs: string[] = [];
    if ((op === 'gt' || op === 'lt') && !/^[+-]?\d+$/.test(sorted[0])) {
      errs.push(
        `values[0]: Invalid value: ${JSON.stringify(sorted[0])}: for 'Gt', 'Lt' operators, the value must be an integer`,
      );
    }
    sorted.forEach((v, i) => {
      const ve = labelValueErrors(v);
      if (ve.length > 0) {
        errs.push(`values[${i}]: Invalid value: ${JSON.stringify(v)}: ${ve.join('; ')}`);
      }
    });
    if (errs.length === 1) throw new Error(errs[0]);
    if (errs.length > 1) throw new Error(`[${errs.join(', ')}]`);
    return { key, operator: op, values: sorted };
  }

  private setValues(): string[] {
    const open = this.next(true);
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const first = this.look(true);
    if (first.tok === ')') {
      this.next(true);
      return [''];
    }
    if (first.tok !== 'id' && first.tok !== ',') {
      throw new Error(`found '${first.lit}', expected: ',', ')' or identifier`);
    }
    const values: string[] = [];
    for (;;) {
      const t = this.next(true);
      if (t.tok === 'id') {
        values.push(t.lit);
        const t2 = this.look(true);
        if (t2.tok === ',') continue;
        if (t2.tok === ')') break;
        throw new Error(`found '${t2.lit}', expected: ',' or ')'`);
      } else if (t.tok === ',') {
        if (values.length === 0) values.push('');
        const t2 = this.look(true);
        if (t2.tok === ')') {
          values.push('');
          break;
        }
        if (t2.tok === ',') {
          this.next(true);
          values.push('');
        }
      } else {
        throw new Error(`found '${t.lit}', expected: ',', or identifier`);
      }
    }
    const close = this.next(true);
    if (close.tok !== ')') throw new Error(`found '${first.lit}', expected: ')'`);
    return values;
  }

  private exactValue(): string[] {
    const la = this.look(true);
    if (la.tok === 'eos' || la.tok === ',') return [''];
    const t = this.next(true);
    if (t.tok === 'id') return [t.lit];
    throw new Error(`found '${t.lit}', expected: identifier`);
  }
}

/**
 * Parses kubectl's `-l` / `--selector` syntax (`app=web`, `app==web`, `tier!=db`,
 * `env in (a,b)`, `env notin (a)`, `app`, `!app`, comma-separated; `''` selects everything).
 * Throws an Error whose message is the apimachinery parser's
 * (`unable to parse requirement: found '', expected: ',' or ')'`).
 */
export function parseLabelSelector(text: string): ParsedSelector {
  const requirements = new SelectorParser(lex(text)).parse();
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { requirements };
}
