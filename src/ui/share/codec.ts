/**
 * Runs in URL fragments: JSON, deflate-raw compressed (CompressionStream, in every current browser
 * and in Node), base64url. The fragment never reaches a server. Decoding treats the link as
 * hostile: the compressed size is checked before anything else, decompression stops as soon as
 * the output passes its limit (a compression bomb costs at most that much), and the run is
 * validated field by field.
 */
import { RUN_FORMAT, validateRun, type Checked, type SharedRun } from '../../engine/public';

/** The largest compressed payload a link may carry. */
export const MAX_COMPRESSED_BYTES = 64 * 1024;
/** The largest payload after decompression. */
export const MAX_DECOMPRESSED_BYTES = 2 * 1024 * 1024;
import { FRAGMENT_KEY, hasRunFragment } from './fragment';

export { FRAGMENT_KEY, hasRunFragment } from './fragment';

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  try {
    const bin = atob(padded);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates at most `limit` bytes; undefined when the output would be larger. */
async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array | undefined> {
  const reader = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'))
    .getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop the inflater at once: the rest of a bomb is never expanded.
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** The fragment (without `#`) that carries `run`. */
export async function encodeRun(run: SharedRun): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(run));
  return `${FRAGMENT_KEY}=${RUN_FORMAT}.${toBase64Url(await deflate(json))}`;
}

/** Size of the compressed payload of a fragment made by {@link encodeRun}, in bytes. */
export function payloadBytes(fragment: string): number {
  const b64 = fragment.slice(fragment.indexOf('.') + 1);
  return Math.floor((b64.length * 3) / 4);
}

/**
 * Decodes a location hash made by {@link encodeRun}. Every failure is a sentence naming what is
 * wrong, for the learner; nothing is thrown.
 */
export async function decodeRun(hash: string): Promise<Checked<SharedRun>> {
  const fail = (error: string): Checked<SharedRun> => ({ ok: false, error });
  const fragment = hash.replace(/^#/, '');
  if (!hasRunFragment(fragment)) return fail('the link carries no run (#run=… is missing)');
  const body = fragment.slice(FRAGMENT_KEY.length + 1);
  const dot = body.indexOf('.');
  const version = dot < 0 ? '' : body.slice(0, dot);
  if (!/^[0-9]{1,6}$/.test(version))
    return fail('the link is damaged: its format version is missing');
  if (Number(version) !== RUN_FORMAT)
    return fail(
      `the link has format version ${version}; this kubeglass reads version ${RUN_FORMAT}`,
    );
  const b64 = body.slice(dot + 1);
  // Checked on the text, before decoding: base64 is 4 characters per 3 bytes.
  if (b64.length > Math.ceil((MAX_COMPRESSED_BYTES * 4) / 3))
    return fail(
      `the link's run is ${Math.round((b64.length * 3) / 4 / 1024)} KB compressed; the limit is ${MAX_COMPRESSED_BYTES / 1024} KB`,
    );
  const bytes = fromBase64Url(b64);
  if (!bytes || bytes.length === 0)
    return fail('the link is damaged: its run is not valid base64url (was it cut or retyped?)');
  let raw: Uint8Array | undefined;
  try {
    raw = await inflate(bytes, MAX_DECOMPRESSED_BYTES);
  } catch {
    return fail('the link is damaged: its run is not valid deflate data (was it cut or retyped?)');
  }
  if (!raw)
    return fail(
      `the link's run is larger than ${MAX_DECOMPRESSED_BYTES / 1024 / 1024} MB when decompressed; it was not opened`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return fail('the link is damaged: its run is not UTF-8 text');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('the link is damaged: its run is not valid JSON');
  }
  const checked = validateRun(json);
  return checked.ok ? checked : fail(`the link's run is not valid: ${checked.error}`);
}
