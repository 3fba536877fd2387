/**
 * Python's string formatting: the format-spec mini-language of f-strings, `format()` and
 * `str.format` (`{:>8}`, `{:.2f}`, `{:05d}`, `{:,}`), and printf-style `"%s %d" % (a, b)`.
 */
import { asInt, floatRepr, PyDict, PyTuple, raise, repr, str, typeName, type Py } from './values';

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

/** `format(value, spec)`. */
export function formatSpec(v: Py, spec: string): string {
  if (spec === '') return str(v);
  const m = SPEC.exec(spec);
  if (!m)
    return raise(
      'ValueError',
      `Invalid format specifier '${spec}' for object of type '${typeName(v)}'`,
    );
  const [, fillCh, alignCh, sign, , zero, widthStr, group, precStr, type] = m;
  const int = asInt(v);
  const isNum = int !== undefined || typeof v === 'number';
  let body: string;
  if (typeof v === 'string' || (!isNum && !type)) {
    if (type && type !== 's')
      raise('ValueError', `Unknown format code '${type}' for object of type '${typeName(v)}'`);
    body = str(v);
    if (precStr !== undefined) body = body.slice(0, Number(precStr));
  } else if (!isNum) {
    return raise('TypeError', `unsupported format string passed to ${typeName(v)}.__format__`);
  } else {
    const x = typeof v === 'number' ? v : Number(int);
    const prec = precStr === undefined ? undefined : Number(precStr);
    const neg = x < 0 || (int !== undefined && int < 0n);
    const abs = (n: number) => Math.abs(n);
    switch (type) {
      case 'd':
      case 'n':
        if (int === undefined)
          return raise('ValueError', "Unknown format code 'd' for object of type 'float'");
        body = (int < 0n ? -int : int).toString();
        break;
      case 'x':
      case 'X':
      case 'o':
      case 'b': {
        if (int === undefined)
          return raise('ValueError', `Unknown format code '${type}' for object of type 'float'`);
        const base = type === 'o' ? 8 : type === 'b' ? 2 : 16;
        body = (int < 0n ? -int : int).toString(base);
        if (type === 'X') body = body.toUpperCase();
        break;
      }
      case 'f':
      case 'F':
      case '%':
        body = abs(type === '%' ? x * 100 : x).toFixed(prec ?? 6) + (type === '%' ? '%' : '');
        break;
      case 'e':
      case 'E':
        body = abs(x)
          .toExponential(prec ?? 6)
          .replace(/e([+-])(\d)$/, 'e$10$2');
        if (type === 'E') body = body.toUpperCase();
        break;
      case 'g':
      case 'G':
        body = String(Number(abs(x).toPrecision(prec || 6)));
        break;
      default:
        body =
          int !== undefined
            ? (int < 0n ? -int : int).toString()
            : prec !== undefined
              ? String(Number(abs(x).toPrecision(prec || 1)))
              : floatRepr(abs(x));
    }
    if (group) {
      const [ip, fp] = body.split('.');
      body = ip.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (fp !== undefined ? `.${fp}` : '');
    }
    const signStr = neg ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
    const width = Number(widthStr ?? 0);
    if (zero && !alignCh && signStr.length + body.length < width)
      body = body.padStart(width - signStr.length, '0');
    body = signStr + body;
  }
  const width = Number(widthStr ?? 0);
  if (body.length >= width) return body;
  const fill = fillCh ?? (zero && !isNum ? '0' : ' ');
  const align = alignCh ?? (isNum ? '>' : '<');
  const pad = width - body.length;
  if (align === '<') return body + fill.repeat(pad);
  if (align === '>' || align === '=') return fill.repeat(pad) + body;
  const left = Math.floor(pad / 2);
  return fill.repeat(left) + body + fill.repeat(pad - left);
}

/** `"%s is %d" % (a, b)` (Objects/unicodeobject.c, PyUnicode_Format). */
export function percentFormat(fmt: string, args: Py): string {
  const list = args instanceof PyTuple ? args.items : [args];
  let i = 0;
  const next = (): Py => {
    if (args instanceof PyDict && list.length === 1) return args;
    if (i >= list.length) return raise('TypeError', 'not enough arguments for format string');
    return list[i++];
  };
  const out = fmt.replace(
    /%(?:\(([^)]*)\))?([-+ #0]*)(\d+|\*)?(?:\.(\d+))?([sdirfFeEgGxXoc%])/g,
    (
      _all,
      key: string | undefined,
      flags: string,
      width: string | undefined,
      prec: string | undefined,
      conv: string,
    ) => {
      if (conv === '%') return '%';
      let v = next();
      if (key !== undefined && v instanceof PyDict) v = v.get(key) ?? raise('KeyError', repr(key));
      let spec = '';
      if (flags.includes('-')) spec += '<';
      else if (flags.includes('0') && conv !== 's' && conv !== 'r') spec += '0';
      if (flags.includes('+')) spec = spec.startsWith('<') ? '<+' : `+${spec}`;
      spec = spec.replace(/^0\+/, '+0');
      if (width) spec += width;
      if (prec !== undefined) spec += `.${prec}`;
      if (conv === 's') return formatSpec(str(v), spec);
      if (conv === 'r') return formatSpec(repr(v), spec);
      if (conv === 'c')
        return typeof v === 'string' ? v : String.fromCharCode(Number(asInt(v) ?? 0));
      if (typeof v === 'string' || (asInt(v) === undefined && typeof v !== 'number'))
        return raise('TypeError', `%${conv} format: a real number is required, not ${typeName(v)}`);
      const c = conv === 'i' || conv === 'u' ? 'd' : conv;
      const num = c === 'd' && typeof v === 'number' ? BigInt(Math.trunc(v)) : v;
      return formatSpec(num, spec + c);
    },
  );
  if (!(args instanceof PyDict) && i < list.length)
    raise('TypeError', 'not all arguments converted during string formatting');
  return out;
}
