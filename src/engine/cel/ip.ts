/**
 * Kubernetes' IP and CIDR CEL libraries (k/k staging/src/k8s.io/apiserver/pkg/cel/library/ip.go,
 * cidr.go; on in v1.31): `ip('10.0.0.1')`, `isIP`, `cidr('10.0.0.0/8').containsIP(…)`,
 * `containsCIDR`, `prefixLength`, `masked`, `family`, … Addresses are held as bigints.
 */
import { CelEvalError } from './errors';

export class IP {
  constructor(
    readonly family: 4 | 6,
    readonly value: bigint,
  ) {}
  get bits(): number {
    return this.family === 4 ? 32 : 128;
  }
  toString(): string {
    if (this.family === 4)
      return [24n, 16n, 8n, 0n].map((s) => String((this.value >> s) & 255n)).join('.');
    const groups = Array.from({ length: 8 }, (_, i) =>
      Number((this.value >> BigInt(112 - 16 * i)) & 0xffffn),
    );
    // The longest run of zero groups (at least two) becomes `::`, as Go prints it.
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > bestLen) [best, bestLen] = [i, j - i];
      i = j === i ? i + 1 : j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (best < 0) return hex.join(':');
    return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
  }
}

export class CIDR {
  constructor(
    readonly ip: IP,
    readonly prefix: number,
  ) {}
  masked(): CIDR {
    const host = (1n << BigInt(this.ip.bits - this.prefix)) - 1n;
    return new CIDR(new IP(this.ip.family, this.ip.value & ~host), this.prefix);
  }
  contains(ip: IP): boolean {
    if (ip.family !== this.ip.family) return false;
    const shift = BigInt(this.ip.bits - this.prefix);
    return ip.value >> shift === this.ip.value >> shift;
  }
  toString(): string {
    return `${this.ip.toString()}/${this.prefix}`;
  }
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    // netip.ParseAddr refuses leading zeros (`010.0.0.1`).
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  if (s.includes('%')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (const [i, p] of parts.entries()) {
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseV4(p);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 2 && fill < 1) || (halves.length === 1 && fill !== 0)) return undefined;
  const all = [...head, ...Array<number>(Math.max(fill, 0)).fill(0), ...tail];
  return all.reduce((v, g) => (v << 16n) | BigInt(g), 0n);
}

/** netip.ParseAddr, without zones; IPv4-mapped IPv6 is refused as Kubernetes' library does. */
export function parseIP(s: string): IP | undefined {
  const v4 = parseV4(s);
  if (v4 !== undefined) return new IP(4, v4);
  const v6 = parseV6(s);
  if (v6 === undefined || v6 >> 32n === 0xffffn) return undefined;
  return new IP(6, v6);
}

export function parseCIDR(s: string): CIDR | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const bits = s.slice(slash + 1);
  if (!ip || !/^(0|[1-9]\d*)$/.test(bits) || Number(bits) > ip.bits) return undefined;
  return new CIDR(ip, Number(bits));
}

export function toIP(v: unknown): IP {
  if (v instanceof IP) return v;
  const ip = typeof v === 'string' ? parseIP(v) : undefined;
  if (!ip)
    throw new CelEvalError(
      `IP Address '${String(v)}' parse error during conversion from string: ParseAddr(${JSON.stringify(v)}): unable to parse IP`,
    );
  return ip;
}

export function toCIDR(v: unknown): CIDR {
  if (v instanceof CIDR) return v;
  const c = typeof v === 'string' ? parseCIDR(v) : undefined;
  if (!c)
    throw new CelEvalError(
      `network address parse error during conversion from string: netip.ParsePrefix(${JSON.stringify(v)}): bad prefix`,
    );
  return c;
}

const isLoopback = (ip: IP) => (ip.family === 4 ? ip.value >> 24n === 127n : ip.value === 1n);

/** The functions, as GLOBALS and METHODS entries. */
export const IP_GLOBALS: Record<string, (...a: unknown[]) => unknown> = {
  ip: toIP,
  cidr: toCIDR,
  isIP: (s) => typeof s === 'string' && parseIP(s) !== undefined,
  isCIDR: (s) => typeof s === 'string' && parseCIDR(s) !== undefined,
  'ip.isCanonical': (s) => {
    const ip = toIP(s);
    return ip.toString() === s;
  },
};

export const IP_METHODS: Record<string, (...a: unknown[]) => unknown> = {
  family: (ip) => toIP(ip).family,
  isUnspecified: (ip) => toIP(ip).value === 0n,
  isLoopback: (ip) => isLoopback(toIP(ip)),
  isLinkLocalMulticast: (v) => {
    const ip = toIP(v);
    return ip.family === 4 ? ip.value >> 8n === 0xe00000n : ip.value >> 112n === 0xff02n;
  },
  isLinkLocalUnicast: (v) => {
    const ip = toIP(v);
    return ip.family === 4 ? ip.value >> 16n === 0xa9fen : ip.value >> 118n === 0x3fan;
  },
  isGlobalUnicast: (v) => {
    const ip = toIP(v);
    if (ip.family === 4)
      return (
        ip.value !== 0n &&
        ip.value !== 0xffffffffn &&
        !isLoopback(ip) &&
        ip.value >> 28n !== 0xen &&
        ip.value >> 16n !== 0xa9fen
      );
    return (
      ip.value !== 0n &&
      !isLoopback(ip) &&
      ip.value >> 120n !== 0xffn &&
      ip.value >> 118n !== 0x3fan
    );
  },
  containsIP: (c, ip) => toCIDR(c).contains(toIP(ip)),
  containsCIDR: (c, other) => {
    const a = toCIDR(c);
    const b = toCIDR(other);
    return b.prefix >= a.prefix && a.contains(b.ip);
  },
  prefixLength: (c) => toCIDR(c).prefix,
  masked: (c) => toCIDR(c).masked(),
};
