/** The methods of str, list and dict the small Python has, with CPython's error texts. */
import { formatSpec } from './format';
import {
  asInt,
  iterate,
  order,
  PyDict,
  PyFunc,
  PyList,
  PyTuple,
  raise,
  repr,
  str,
  truthy,
  typeName,
  type Py,
} from './values';

type Fn = (args: Py[], kw: Record<string, Py>) => Py;

function arity(name: string, args: Py[], min: number, max: number): void {
  if (args.length < min)
    raise(
      'TypeError',
      `${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${args.length}`,
    );
  if (args.length > max)
    raise(
      'TypeError',
      `${name} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${args.length}`,
    );
}

/** `obj.name` on a str, list or dict: the method bound to `obj`. */
export function method(obj: Py, name: string): Py | undefined {
  const bound = (call: Fn) => new PyFunc(name, call, undefined, typeName(obj));
  if (typeof obj === 'string') {
    const s = obj;
    const M: Record<string, Fn> = {
      upper: () => s.toUpperCase(),
      lower: () => s.toLowerCase(),
      strip: ([c]) => (c === undefined || c === null ? s.trim() : trimChars(s, str(c), true, true)),
      lstrip: ([c]) =>
        c === undefined || c === null ? s.trimStart() : trimChars(s, str(c), true, false),
      rstrip: ([c]) =>
        c === undefined || c === null ? s.trimEnd() : trimChars(s, str(c), false, true),
      split: ([sep, max]) => {
        const parts =
          sep === undefined || sep === null
            ? s.trim().split(/\s+/).filter(Boolean)
            : s.split(str(sep));
        const n = max === undefined ? -1 : Number(asInt(max));
        return new PyList(
          n >= 0 && parts.length > n + 1
            ? [
                ...parts.slice(0, n),
                parts.slice(n).join(sep === undefined || sep === null ? ' ' : str(sep)),
              ]
            : parts,
        );
      },
      splitlines: () =>
        new PyList(s.split(/\r?\n/).filter((l, i, a) => i < a.length - 1 || l !== '')),
      join: ([it]) =>
        iterate(it)
          .map((x) =>
            typeof x === 'string'
              ? x
              : raise('TypeError', `sequence item 0: expected str instance, ${typeName(x)} found`),
          )
          .join(s),
      startswith: ([p]) => s.startsWith(str(p)),
      endswith: ([p]) => s.endsWith(str(p)),
      replace: ([a, b2]) => s.split(str(a)).join(str(b2)),
      find: ([x]) => BigInt(s.indexOf(str(x))),
      count: ([x]) => BigInt(s.split(str(x)).length - 1),
      isdigit: () => /^\d+$/.test(s),
      isalpha: () => /^[A-Za-z]+$/.test(s),
      title: () => s.replace(/\w\S*/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()),
      capitalize: () => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
      zfill: ([w]) => s.padStart(Number(asInt(w)), '0'),
      center: ([w, f]) => formatSpec(s, `${f === undefined ? ' ' : str(f)}^${asInt(w)}`),
      ljust: ([w]) => s.padEnd(Number(asInt(w))),
      rjust: ([w]) => s.padStart(Number(asInt(w))),
      encode: () => s,
      format: (args, kw) => {
        let auto = 0;
        return s.replace(
          /\{\{|\}\}|\{([^{}!:]*)(?:!([rs]))?(?::([^{}]*))?\}/g,
          (all, key: string | undefined, conv, spec) => {
            if (all === '{{' || all === '}}') return all[0];
            const v =
              key === '' || key === undefined
                ? args[auto++]
                : /^\d+$/.test(key)
                  ? args[Number(key)]
                  : kw[key];
            if (v === undefined)
              return raise(
                key && !/^\d+$/.test(key) ? 'KeyError' : 'IndexError',
                key && !/^\d+$/.test(key)
                  ? repr(key)
                  : `Replacement index ${key || auto - 1} out of range for positional args tuple`,
              );
            return formatSpec(conv === 'r' ? repr(v) : v, spec ?? '');
          },
        );
      },
    };
    return M[name] ? bound(M[name]) : undefined;
  }
  if (obj instanceof PyList) {
    const l = obj;
    const M: Record<string, Fn> = {
      append: ([x]) => (l.items.push(x), null),
      extend: ([x]) => (l.items.push(...iterate(x)), null),
      insert: ([i, x]) => (l.items.splice(Number(asInt(i)), 0, x), null),
      pop: ([i]) => {
        if (!l.items.length) raise('IndexError', 'pop from empty list');
        const k = i === undefined ? l.items.length - 1 : Number(asInt(i));
        return l.items.splice(k < 0 ? l.items.length + k : k, 1)[0];
      },
      reverse: () => (l.items.reverse(), null),
      sort: (_a, kw) => {
        l.items.sort((x, y) => (order('<', x, y) ? -1 : order('>', x, y) ? 1 : 0));
        if (truthy(kw.reverse ?? false)) l.items.reverse();
        return null;
      },
      index: ([x]) => {
        const k = l.items.findIndex((y) => repr(y) === repr(x));
        return k < 0 ? raise('ValueError', `${repr(x)} is not in list`) : BigInt(k);
      },
      count: ([x]) => BigInt(l.items.filter((y) => repr(y) === repr(x)).length),
      clear: () => ((l.items = []), null),
      copy: () => new PyList([...l.items]),
    };
    return M[name] ? bound(M[name]) : undefined;
  }
  if (obj instanceof PyDict) {
    const d = obj;
    const M: Record<string, Fn> = {
      get: (args) => (arity('get', args, 1, 2), d.get(args[0]) ?? args[1] ?? null),
      keys: () => new PyList([...d.map.values()].map(([k]) => k)),
      values: () => new PyList([...d.map.values()].map(([, v]) => v)),
      items: () => new PyList([...d.map.values()].map(([k, v]) => new PyTuple([k, v]))),
      setdefault: ([k, v]) => d.get(k) ?? (d.set(k, v ?? null), v ?? null),
      pop: ([k, v]) => {
        const x = d.get(k);
        if (x === undefined) return v ?? raise('KeyError', repr(k));
        d.map.delete([...d.map].find(([, [kk]]) => repr(kk) === repr(k))![0]);
        return x;
      },
      update: ([o]) => {
        if (o instanceof PyDict) for (const [k, v] of o.map.values()) d.set(k, v);
        return null;
      },
      copy: () => {
        const c = new PyDict();
        for (const [k, v] of d.map.values()) c.set(k, v);
        return c;
      },
    };
    return M[name] ? bound(M[name]) : undefined;
  }
  return undefined;
}

function trimChars(s: string, chars: string, left: boolean, right: boolean): string {
  let a = 0;
  let z = s.length;
  while (left && a < z && chars.includes(s[a])) a++;
  while (right && z > a && chars.includes(s[z - 1])) z--;
  return s.slice(a, z);
}
