import { describe, expect, it } from 'vitest';
import { formatYamlError, MAX_DEPTH, MAX_MANIFEST_BYTES, parseManifest } from './manifest';

const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

/** Wall time of `fn` in ms (printed only; the thresholds below are generous on purpose). */
function timed<T>(label: string, fn: () => T): T {
  const t0 = performance.now();
  const out = fn();
  console.log(`${label}: ${(performance.now() - t0).toFixed(0)} ms`);
  return out;
}

describe('manifest parsing with bounded cost', () => {
  // Quadratic, as it was, this took 291 s; the timeout fails it long before.
  it(
    'reads a map of 200,000 keys in one pass and still finds a duplicate key',
    { timeout: 120_000 },
    () => {
      const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: big', 'data:'];
      for (let i = 0; i < 200_000; i++) lines.push(`  k${i}: v`);
      lines.push('  k7: again');
      const text = lines.join('\n') + '\n';
      expect(text.length).toBeLessThan(MAX_MANIFEST_BYTES);
      const { documents } = timed('200,000 keys', () => parseManifest(text));
      expect(documents[0].errors.map((e) => e.message)).toEqual([
        'mapping key "k7" already defined at line 13',
      ]);
      expect(documents[0].errors[0].range.line).toBe(200_006);
    },
  );

  it('refuses a text over the size limit before parsing it, naming the limit', () => {
    const text = CM('x') + 'data:\n' + `  blob: "${'x'.repeat(MAX_MANIFEST_BYTES)}"\n`;
    const { documents } = timed('over the limit', () => parseManifest(text));
    expect(documents).toHaveLength(1);
    expect(documents[0].object).toBeUndefined();
    expect(formatYamlError('big.yaml', documents[0].errors[0])).toBe(
      `error: error reading big.yaml: the manifest is ${text.length} bytes, more than the limit of 3145728 bytes (3 MiB)`,
    );
  });

  it('counts the limit in UTF-8 bytes', () => {
    // 1.1 Mi characters of three bytes each: under the limit in characters, over it in bytes.
    const text = CM('x') + `data:\n  a: "${'€'.repeat(1_100_000)}"\n`;
    expect(text.length).toBeLessThan(MAX_MANIFEST_BYTES);
    expect(parseManifest(text).documents[0].errors[0].code).toBe('TOO_LARGE');
  });

  it('an alias bomb fails its own document; the valid documents beside it stand', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    const text = `${CM('before')}---\n${CM('bomb')}data:\n${bomb.replace(/^/gm, '  ')}\n---\n${CM('after')}`;
    const { documents } = parseManifest(text);
    expect(documents.map((d) => d.object?.metadata?.name)).toEqual(['before', undefined, 'after']);
    expect(formatYamlError('f.yaml', documents[1].errors[0])).toBe(
      'error: error parsing f.yaml: error converting YAML to JSON: yaml: line 6: document contains excessive aliasing (column 1)',
    );
  });

  it('a 10,000-deep flow nest is a clear error at its line, not a stack overflow', () => {
    const text = `${CM('ok')}---\nspec: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const { documents } = timed('10,000-deep flow nest', () => parseManifest(text));
    expect(documents[0].object?.metadata?.name).toBe('ok');
    const err = documents[1].errors[0];
    expect(documents[1].object).toBeUndefined();
    expect(err.message).toBe(`exceeded max depth of ${MAX_DEPTH}`);
    expect(err.range.line).toBe(6);
  });

  it('a block nest deeper than the limit fails its document; the next one is read', () => {
    const lines: string[] = [];
    for (let i = 0; i < 150; i++) lines.push(`${' '.repeat(i)}k${i}:`);
    const text = `${lines.join('\n')} end\n---\n${CM('after')}`;
    const { documents } = parseManifest(text);
    expect(documents[0].errors.map((e) => e.message)).toEqual([
      `exceeded max depth of ${MAX_DEPTH}`,
    ]);
    expect(documents[0].errors[0].range.line).toBe(MAX_DEPTH + 1);
    expect(documents[1].object?.metadata?.name).toBe('after');
  });

  it('a block nest of thousands of levels is stopped before the parser recurses into it', () => {
    const lines: string[] = [];
    for (let i = 0; i < 2_000; i++) lines.push(`${' '.repeat(i)}- k${i}:`);
    const { documents } = parseManifest(`${CM('first')}---\n${lines.join('\n')} end\n`);
    expect(documents[0].object?.metadata?.name).toBe('first');
    expect(documents[1].errors.map((e) => e.message)).toEqual([
      `exceeded max depth of ${MAX_DEPTH}`,
    ]);
  });

  it('keeps nesting up to the limit', () => {
    const depth = MAX_DEPTH - 1;
    const text = `${CM('x')}data: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    expect(parseManifest(text).documents[0].errors).toEqual([]);
  });
});
