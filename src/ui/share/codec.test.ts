import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { decodeRun, encodeRun, MAX_DECOMPRESSED_BYTES } from './codec';
import { RUN_FORMAT, type SharedRun } from '../../engine/public';

const RUN: SharedRun = {
  v: RUN_FORMAT,
  shape: { workers: 2, cpu: '4', memory: '8Gi', seed: 7 },
  editor: 'apiVersion: v1\nkind: Pod\n',
  actions: [
    {
      at: 1500.25,
      executed: 120,
      op: 'apply',
      manifest:
        'apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  containers: [{ name: a, image: nginx }]\n',
    },
    { at: 9000, executed: 800, op: 'fault', fault: { stop: 'kubelet', node: 'worker-1' } },
    { at: 9100, executed: 810, op: 'kubectl', command: 'get pods' },
  ],
  moment: { at: 12000, executed: 900 },
};

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

describe('share link codec', () => {
  it('round-trips a run through the fragment', async () => {
    const fragment = await encodeRun(RUN);
    expect(fragment).toMatch(/^run=1\.[A-Za-z0-9_-]+$/);
    const back = await decodeRun('#' + fragment);
    expect(back).toEqual({ ok: true, value: RUN });
  });

  it('refuses another format version before decompressing', async () => {
    const fragment = (await encodeRun(RUN)).replace('run=1.', 'run=2.');
    const r = await decodeRun(fragment);
    expect(r).toEqual({ ok: false, error: expect.stringContaining('format version 2') });
  });

  it('refuses a payload claiming another version inside', async () => {
    const json = JSON.stringify({ ...RUN, v: 3 });
    const r = await decodeRun(`run=1.${b64url(deflateRawSync(json))}`);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain('format version 3');
  });

  it('names broken base64 and broken deflate data', async () => {
    const bad = await decodeRun('run=1.%%%not-base64');
    expect(!bad.ok && bad.error).toContain('base64url');
    const garbage = await decodeRun(`run=1.${b64url(new Uint8Array([0xff, 0xfe, 0xfd, 0x00, 1]))}`);
    expect(!garbage.ok && garbage.error).toContain('deflate');
  });

  it('stops a compression bomb at the limit', async () => {
    // 50 MB of zeros compress to about 50 KB: under the link limit, far over the output limit.
    const bomb = deflateRawSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const r = await decodeRun(`run=1.${b64url(bomb)}`);
    expect(!r.ok && r.error).toContain(`${MAX_DECOMPRESSED_BYTES / 1024 / 1024} MB`);
  });

  it('refuses a payload over 64 KB compressed', async () => {
    const big = b64url(new Uint8Array(70 * 1024).map((_, i) => (i * 7919) % 251));
    const r = await decodeRun(`run=1.${big}`);
    expect(!r.ok && r.error).toContain('the limit is 64 KB');
  });

  it('names the field that is wrong', async () => {
    const bad = { ...RUN, actions: [{ ...RUN.actions[0], at: -5 }] };
    const r = await decodeRun(`run=1.${b64url(deflateRawSync(JSON.stringify(bad)))}`);
    expect(!r.ok && r.error).toContain('action 1.at');
    const badOp = { ...RUN, actions: [{ at: 1, executed: 1, op: 'rm -rf' }] };
    const r2 = await decodeRun(`run=1.${b64url(deflateRawSync(JSON.stringify(badOp)))}`);
    expect(!r2.ok && r2.error).toContain('unknown kind "rm -rf"');
    const notJson = await decodeRun(`run=1.${b64url(deflateRawSync('{"v":1,'))}`);
    expect(!notJson.ok && notJson.error).toContain('not valid JSON');
  });
});
