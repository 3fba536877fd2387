/**
 * The built page served at `/kubeglass/` beside the API, as `kubectl proxy --www=DIR
 * --www-prefix=/kubeglass/` serves it beside a real cluster: same origin, so the page reaches the
 * API and its feed without CORS, and a browser accepts one certificate for both.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** Where the page lives on the server. */
export const WWW_PREFIX = '/kubeglass/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.yaml': 'text/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** True when `dir` holds a built page (its index.html). */
export function hasPage(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

/**
 * Serve `pathname` (under {@link WWW_PREFIX}) from `dir`; false when no such file. Paths that
 * climb out of `dir` are never served.
 */
export function serveStatic(dir: string, pathname: string, res: ServerResponse): boolean {
  const root = resolve(dir);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname.slice(WWW_PREFIX.length));
  } catch {
    return false;
  }
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = resolve(root, normalize(rel));
  if (file !== root && !file.startsWith(root + sep)) return false;
  if (!existsSync(file) || !statSync(file).isFile()) return false;
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    // Vite names its assets by hash; the page itself must be fetched fresh after a rebuild.
    'Cache-Control': file.includes(`${sep}assets${sep}`) ? 'max-age=31536000' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(readFileSync(file));
  return true;
}
