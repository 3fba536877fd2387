import { describe, expect, it } from 'vitest';
import { detectMode, type PageLocation } from './remoteMode';
import { simulatesAtOnce } from './simulatesAtOnce';

const at = (href: string): PageLocation => {
  const u = new URL(href);
  return { href, pathname: u.pathname, search: u.search, hash: u.hash };
};

/** A sim serve answering its info probe, as `npm run sim -- serve` does. */
const simServe: typeof fetch = (url) =>
  Promise.resolve(
    new Response(
      String(url).endsWith('/kubeglass/info')
        ? JSON.stringify({ server: 'kubeglass sim serve' })
        : 'not found',
      { status: String(url).endsWith('/kubeglass/info') ? 200 : 404 },
    ),
  );

describe('simulatesAtOnce: the engine worker starts before the app loads only where it is used', () => {
  const pages = [
    'http://localhost:4173/',
    'https://example.org/kubeglass-docs/index.html',
    'file:///home/me/kubeglass/index.html',
    'http://localhost:8001/kubeglass/?simulate',
    'http://localhost:8001/kubeglass/',
    'http://localhost:8001/kubeglass/index.html?live',
    'http://localhost:5173/?attach=http://localhost:8001',
  ];
  it.each(pages)('agrees with detectMode on %s', async (href) => {
    const fetcher = simServe;
    const mode = await detectMode(at(href), fetcher);
    if (simulatesAtOnce(at(href))) expect(mode.mode).toBe('sim');
    // Where it cannot tell at once, the page asks (and may well attach).
    else expect(href).toMatch(/attach=|\/kubeglass\//);
  });

  it('never starts the engine on a page that attaches to a served cluster', async () => {
    const served = at('http://localhost:8001/kubeglass/');
    expect((await detectMode(served, simServe)).mode).toBe('attach');
    expect(simulatesAtOnce(served)).toBe(false);
    expect(simulatesAtOnce(at('http://localhost:5173/?attach=http://localhost:8001'))).toBe(false);
    expect(simulatesAtOnce(at('http://localhost:4173/'))).toBe(true);
  });
});
