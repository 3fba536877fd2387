/**
 * Request bodies, bounded as kube-apiserver bounds them (`--max-request-body-bytes`, 3 MiB by
 * default: k/k staging/src/k8s.io/apiserver/pkg/server/config.go MaxRequestBodyBytes), and
 * decoded by their media type.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';

/** kube-apiserver's default `--max-request-body-bytes`. */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;
/** A body this far past the limit is not drained any more: the connection is closed. */
const DRAIN_LIMIT = 64 * 1024 * 1024;
/** A client that sends its body slower than this is cut off, so it holds nothing for long. */
const BODY_TIMEOUT_MS = 30_000;

export type BodyResult = { text: string } | { tooLarge: true } | { aborted: true };

/**
 * Read a body up to `limit` bytes. Over the limit, the rest is drained and thrown away (so the
 * client reads the 413 rather than a reset), up to a bound past which the socket is closed.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    let size = 0;
    let over = declared > limit;
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ aborted: true });
    }, BODY_TIMEOUT_MS);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (over) {
        chunks.length = 0;
        if (size > DRAIN_LIMIT) {
          clearTimeout(timer);
          resolve({ tooLarge: true });
          req.destroy();
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(over ? { tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', () => {
      clearTimeout(timer);
      resolve({ aborted: true });
    });
  });
}

/** The patch types kube-apiserver accepts, by Content-Type. */
export type PatchKind = 'strategic' | 'merge' | 'json' | 'apply';

export function patchKindOf(contentType: string | undefined): PatchKind | undefined {
  const type = (contentType ?? '').split(';')[0].trim();
  switch (type) {
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/json-patch+json':
      return 'json';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+cbor':
      return 'apply';
    default:
      return undefined;
  }
}

/** Decode a JSON body (or YAML, for an apply patch); undefined when there is none. */
export function decodeBody(text: string, yaml: boolean): { value: unknown } | { error: string } {
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: yaml ? parseYaml(text) : JSON.parse(text) };
  } catch (e) {
    return {
      error: `couldn't get version/kind; json parse error: ${(e as Error).message}`,
    };
  }
}

/**
 * An RFC 6902 JSON patch applied to a copy of `doc` (k/k uses evanphx/json-patch): add, remove,
 * replace, move, copy, test. Throws with the library's wording on a bad operation.
 */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new Error('the provided patch is not a JSON patch array');
  let root = structuredClone(doc);
  const pointer = (p: string): string[] =>
    p === ''
      ? []
      : p
          .slice(1)
          .split('/')
          .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const parentOf = (
    path: string[],
  ): { parent: Record<string, unknown> | unknown[]; key: string } => {
    let cur: unknown = root;
    for (const k of path.slice(0, -1)) {
      cur = (cur as Record<string, unknown>)?.[k];
      if (typeof cur !== 'object' || cur === null)
        throw new Error(`doc is missing path: /${path.join('/')}`);
    }
    return { parent: cur as Record<string, unknown>, key: path[path.length - 1] };
  };
  const get = (path: string[]): unknown => {
    let cur: unknown = root;
    for (const k of path) cur = (cur as Record<string, unknown>)?.[k];
    return cur;
  };
  const put = (path: string[], value: unknown, insert: boolean): void => {
    if (path.length === 0) {
      root = value;
      return;
    }
    const { parent, key } = parentOf(path);
    if (Array.isArray(parent)) {
      const i = key === '-' ? parent.length : Number(key);
      if (!Number.isInteger(i) || i < 0 || i > parent.length)
        throw new Error(`invalid index: ${key}`);
      if (insert) parent.splice(i, 0, value);
      else parent[i] = value;
    } else (parent as Record<string, unknown>)[key] = value;
  };
  const remove = (path: string[]): unknown => {
    const { parent, key } = parentOf(path);
    if (Array.isArray(parent)) return parent.splice(Number(key), 1)[0];
    if (!(key in parent))
      throw new Error(`unable to remove nonexistent key: ${key}: missing value`);
    const v = (parent as Record<string, unknown>)[key];
    delete (parent as Record<string, unknown>)[key];
    return v;
  };
  for (const raw of ops as { op?: string; path?: string; from?: string; value?: unknown }[]) {
    const path = pointer(raw.path ?? '');
    switch (raw.op) {
      case 'add':
        put(path, structuredClone(raw.value), true);
        break;
      case 'remove':
        remove(path);
        break;
      case 'replace':
        if (get(path) === undefined)
          throw new Error(
            `replace operation does not apply: doc is missing key: ${raw.path}: missing value`,
          );
        put(path, structuredClone(raw.value), false);
        break;
      case 'move':
        put(path, remove(pointer(raw.from ?? '')), true);
        break;
      case 'copy':
        put(path, structuredClone(get(pointer(raw.from ?? ''))), true);
        break;
      case 'test':
        if (JSON.stringify(get(path)) !== JSON.stringify(raw.value))
          throw new Error(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw new Error(`Unexpected kind: ${raw.op}`);
    }
  }
  return root;
}

/**
 * The JSON merge patch (RFC 7386) that turns `from` into `to`: how a JSON patch reaches the
 * engine's API server, which merges patches but has no RFC 6902 implementation of its own.
 */
export function mergePatchBetween(from: unknown, to: unknown): unknown {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(from) || !isObj(to)) return to;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(from)) if (!(k in to)) out[k] = null;
  for (const [k, v] of Object.entries(to)) {
    if (JSON.stringify(from[k]) === JSON.stringify(v)) continue;
    out[k] = isObj(from[k]) && isObj(v) ? mergePatchBetween(from[k], v) : v;
  }
  return out;
}
