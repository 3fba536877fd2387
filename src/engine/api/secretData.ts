/**
 * corpus-apps: a Secret's `stringData` is write-only. The API server folds it into `data`
 * (base64 of its UTF-8 bytes, overwriting a key `data` has too) and never stores it (k/k:
 * pkg/apis/core/v1/conversion.go Convert_v1_Secret_To_core_Secret), so `kubectl get secret`
 * counts its keys in DATA and `-o yaml` shows them under `data`.
 */
import type { KubeObject } from './types';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with padding) of the UTF-8 bytes of `s` (also kubectl's `create secret`). */
export function base64(s: string): string {
  const bytes: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else
      bytes.push(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 63),
        0x80 | ((c >> 6) & 63),
        0x80 | (c & 63),
      );
  }
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

/** Moves `stringData` into `data`, in place. */
export function foldStringData(o: KubeObject): void {
  const secret = o as { data?: Record<string, string>; stringData?: Record<string, unknown> };
  const extra = secret.stringData;
  if (!extra || typeof extra !== 'object') return;
  delete secret.stringData;
  const data = { ...(secret.data ?? {}) };
  for (const [k, v] of Object.entries(extra)) data[k] = base64(String(v ?? ''));
  if (Object.keys(data).length) secret.data = data;
}
