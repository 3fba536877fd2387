/** Shell arithmetic, as `$((…))` and `let` evaluate it. */
import { NAME_RE } from './syntax';

/** `$((…))`: integer arithmetic with C precedence, variables read and assigned by name. */
export function evalArith(
  src: string,
  get: (n: string) => string | undefined,
  set: (n: string, v: number) => void,
): number {
  const toks =
    src.match(
      /0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%]=|\+\+|--|\S/g,
    ) ?? [];
  let i = 0;
  const PREC: Record<string, number> = {
    '||': 1,
    '&&': 2,
    '|': 3,
    '^': 4,
    '&': 5,
    '==': 6,
    '!=': 6,
    '<': 7,
    '>': 7,
    '<=': 7,
    '>=': 7,
    '<<': 8,
    '>>': 8,
    '+': 9,
    '-': 9,
    '*': 10,
    '/': 10,
    '%': 10,
    '**': 11,
  };
  const num = (t: string) =>
    /^0[xX]/.test(t) ? parseInt(t, 16) : /^0\d/.test(t) ? parseInt(t, 8) : Number(t);
  const value = (name: string): number => {
    const v = (get(name) ?? '').trim();
    if (v === '') return 0;
    if (/^-?(0[xX][0-9a-fA-F]+|\d+)$/.test(v)) return v.startsWith('-') ? -num(v.slice(1)) : num(v);
    throw new Error('syntax');
  };
  const apply = (op: string, a: number, b: number): number => {
    switch (op) {
      case '||':
        return a || b ? 1 : 0;
      case '&&':
        return a && b ? 1 : 0;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '&':
        return a & b;
      case '==':
        return a === b ? 1 : 0;
      case '!=':
        return a !== b ? 1 : 0;
      case '<':
        return a < b ? 1 : 0;
      case '>':
        return a > b ? 1 : 0;
      case '<=':
        return a <= b ? 1 : 0;
      case '>=':
        return a >= b ? 1 : 0;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '**':
        return a ** b;
      default:
        if (b === 0) throw new Error('zero');
        return op === '/' ? Math.trunc(a / b) : a % b;
    }
  };
  const unary = (): number => {
    const t = toks[i++];
    if (t === undefined) throw new Error('syntax');
    if (t === '-') return -unary();
    if (t === '+') return unary();
    if (t === '!') return unary() ? 0 : 1;
    if (t === '~') return ~unary();
    if (t === '(') {
      const v = assignment();
      if (toks[i++] !== ')') throw new Error('syntax');
      return v;
    }
    if ((t === '++' || t === '--') && NAME_RE.test(toks[i] ?? '')) {
      const name = toks[i++];
      const v = value(name) + (t === '++' ? 1 : -1);
      set(name, v);
      return v;
    }
    if (/^\d|^0[xX]/.test(t)) return num(t);
    if (NAME_RE.test(t)) {
      const v = value(t);
      if (toks[i] === '++' || toks[i] === '--') set(t, v + (toks[i++] === '++' ? 1 : -1));
      return v;
    }
    throw new Error('syntax');
  };
  const binary = (min: number): number => {
    let left = unary();
    for (let op = toks[i]; op !== undefined && (PREC[op] ?? 0) > min; op = toks[i]) {
      i++;
      left = apply(op, left, binary(op === '**' ? PREC[op] - 1 : PREC[op]));
    }
    return left;
  };
  const assignment = (): number => {
    const [name, op] = [toks[i], toks[i + 1]];
    if (name && NAME_RE.test(name) && /^([-+*/%]?=)$/.test(op ?? '') && op !== '==') {
      i += 2;
      const r = assignment();
      const v = op === '=' ? r : apply(op[0], value(name), r);
      set(name, v);
      return v;
    }
    const c = binary(0);
    if (toks[i] !== '?') return c;
    i++;
    const a = assignment();
    if (toks[i++] !== ':') throw new Error('syntax');
    const b = assignment();
    return c ? a : b;
  };
  if (toks.length === 0) return 0;
  const v = assignment();
  if (i < toks.length) throw new Error('syntax');
  return v;
}
