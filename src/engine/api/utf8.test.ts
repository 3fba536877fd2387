import { describe, expect, it } from 'vitest';
import { decodeUtf8Strict } from './utf8';

const bytes = (...parts: (string | number[])[]): Uint8Array => {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'string') for (const c of new TextEncoder().encode(p)) out.push(c);
    else out.push(...p);
  }
  return new Uint8Array(out);
};

describe('decodeUtf8Strict', () => {
  it('decodes UTF-8, astral characters included, and drops a byte-order mark', () => {
    const r = decodeUtf8Strict(bytes([0xef, 0xbb, 0xbf], 'name: café 🚀\n'), 'a.yaml');
    expect(r).toEqual({ ok: true, text: 'name: café 🚀\n' });
  });

  it('refuses a Latin-1 byte with go-yaml words, the file and where it is', () => {
    const r = decodeUtf8Strict(bytes('kind: Pod\nname: caf', [0xe9], ' au lait\n'), 'pod.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe(
      'error: error parsing pod.yaml: error converting YAML to JSON: yaml: invalid trailing UTF-8 octet (line 2, column 10)',
    );
    expect(r.text).toBe('kind: Pod\nname: caf');
  });

  it('names each kind of bad sequence as go-yaml does', () => {
    const why = (...b: number[]) => {
      const r = decodeUtf8Strict(new Uint8Array(b), 'f');
      return r.ok ? 'ok' : r.message.replace(/^.*yaml: (.*) \(line.*$/, '$1');
    };
    expect(why(0x61, 0xff)).toBe('invalid leading UTF-8 octet');
    expect(why(0x80)).toBe('invalid leading UTF-8 octet');
    expect(why(0xe2, 0x82)).toBe('incomplete UTF-8 octet sequence');
    expect(why(0xc3, 0x41)).toBe('invalid trailing UTF-8 octet');
    expect(why(0xc0, 0xaf)).toBe('invalid length of a UTF-8 sequence');
    expect(why(0xed, 0xa0, 0x80)).toBe('invalid Unicode character');
    expect(why(0xe2, 0x82, 0xac)).toBe('ok');
  });
});
