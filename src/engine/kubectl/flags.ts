/**
 * kubectl's flag parsing (spf13/pflag as cobra drives it): `--name=value`, `--name value`,
 * `-n value`, `-nvalue`, grouped boolean shorthands (`-Aw`), `--bool=false`, and `--` ending the
 * flags. Errors read as pflag words them; the caller adds kubectl's `See '…' for usage.` line.
 */

export type FlagType = 'bool' | 'string' | 'int' | 'strings';

/** One flag a command accepts. */
export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /**
   * The value a string flag takes when given with no `=value` (pflag's NoOptDefVal, as
   * `--validate` means `--validate=strict`); the next argument is then never its value.
   */
  noOptDefault?: string;
}

/** Parsed flags: positional arguments, flag values by long name, and what follows `--`. */
export interface Flags {
  positional: string[];
  values: Map<string, string[]>;
  bools: Set<string>;
  /** Arguments after a bare `--` (`kubectl create job x --image=busybox -- echo hi`). */
  dash: string[];
  /** Flags the user set (even `--wait=false`). */
  changed: Set<string>;
}

/** Flags every command accepts (kubectl's global options that make sense here). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'request-timeout', type: 'string' },
  { name: 'help', short: 'h', type: 'bool' },
  { name: 'context', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'v', short: 'v', type: 'string' },
  // authz: impersonation headers on every request.
  { name: 'as', type: 'string' },
  { name: 'as-group', type: 'strings' },
];

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/**
 * Parses `args` against `specs` (plus {@link GLOBAL_FLAGS}).
 * @returns the flags, or `{ error }` with pflag's message (`unknown flag: --foo`).
 */
export function parseFlags(args: string[], specs: FlagSpec[]): Flags | { error: string } {
  const all = [...specs, ...GLOBAL_FLAGS];
  const byLong = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const f: Flags = {
    positional: [],
    values: new Map(),
    bools: new Set(),
    dash: [],
    changed: new Set(),
  };
  const set = (spec: FlagSpec, value: string, shown: string): string | undefined => {
    f.changed.add(spec.name);
    if (spec.type === 'bool') {
      if (TRUE.has(value)) f.bools.add(spec.name);
      else if (FALSE.has(value)) f.bools.delete(spec.name);
      else
        return `invalid argument "${value}" for "${shown}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`;
      return undefined;
    }
    if (spec.type === 'int' && !/^-?\d+$/.test(value)) {
      return `invalid argument "${value}" for "${shown}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`;
    }
    const prev = spec.type === 'strings' ? (f.values.get(spec.name) ?? []) : [];
    f.values.set(spec.name, [...prev, value]);
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      f.dash = args.slice(i + 1);
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      f.positional.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byLong.get(name);
      if (!spec) return { error: `unknown flag: --${name}` };
      const shown = spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
      let value: string | undefined = eq > 0 ? a.slice(eq + 1) : undefined;
      if (value === undefined) {
        if (spec.type === 'bool') value = 'true';
        else if (spec.noOptDefault !== undefined) value = spec.noOptDefault;
        else if (i + 1 < args.length) value = args[++i];
        else return { error: `flag needs an argument: --${name}` };
      }
      const e = set(spec, value, shown);
      if (e) return { error: e };
      continue;
    }
    // Shorthands: -A, -Aw, -n default, -ndefault, -n=default, -o=wide.
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      const spec = byShort.get(c);
      if (!spec) return { error: `unknown shorthand flag: '${c}' in ${a}` };
      const shown = `-${c}, --${spec.name}`;
      if (spec.type === 'bool') {
        let value = 'true';
        if (a[j + 1] === '=') {
          value = a.slice(j + 2);
          j = a.length;
        }
        const e = set(spec, value, shown);
        if (e) return { error: e };
        continue;
      }
      let value = a.slice(j + 1);
      if (value.startsWith('=')) value = value.slice(1);
      else if (value === '') {
        if (i + 1 >= args.length) return { error: `flag needs an argument: '${c}' in -${c}` };
        value = args[++i];
      }
      const e = set(spec, value, shown);
      if (e) return { error: e };
      break;
    }
  }
  return f;
}

/** The last value of a string flag. */
export function str(f: Flags, name: string): string | undefined {
  const v = f.values.get(name);
  return v ? v[v.length - 1] : undefined;
}

/** Every value of a repeatable flag (`--from-literal`, `--image`). */
export function strs(f: Flags, name: string): string[] {
  return f.values.get(name) ?? [];
}

/** An int flag's value (already checked by the parser). */
export function int(f: Flags, name: string): number | undefined {
  const v = str(f, name);
  return v === undefined ? undefined : Number(v);
}

/** A boolean flag: set, unset, or its default when the user did not give it. */
export function bool(f: Flags, name: string, dflt = false): boolean {
  return f.changed.has(name) ? f.bools.has(name) : dflt;
}
