/**
 * `kubectl describe secret` (and, beside it, the storage kinds).
 * k8s: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeSecret
 */
import type { Secret } from '../../api/types';
import { LEVEL_0, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline } from './writer';

/** The number of bytes a base64 text decodes to. */
export function base64Bytes(s: string): number {
  const clean = s.replace(/[^A-Za-z0-9+/=]/g, '');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - pad;
}

/**
 * The text of `kubectl describe secret`: the Type, then each key with its size in bytes (the
 * values are never shown, but a service-account token's `token`), keys in sorted order.
 */
export function describeSecret(secret: Secret): string {
  const w = new PrefixWriter();
  const meta = secret.metadata ?? {};
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = secret.data ?? {};
  for (const k of Object.keys(data).sort()) {
    if (k === 'token' && secret.type === 'kubernetes.io/service-account-token')
      w.write(LEVEL_0, `${k}:\t${atobText(data[k])}\n`);
    else w.write(LEVEL_0, `${k}:\t${base64Bytes(data[k])} bytes\n`);
  }
  return w.toString();
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function atobText(s: string): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const ch of s.replace(/[^A-Za-z0-9+/]/g, '')) {
    value = (value << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 0xff);
    }
  }
  return out;
}
