/**
 * Real kubectl v1.31 beside our kubectl on a served cluster, for the tests that compare them
 * (realKubectl.test.ts, realKubectlApis.test.ts). The binary: $KUBEGLASS_REAL_KUBECTL, else the
 * `kubectl.1.31` the Debian kubectl package installs; without one those tests are skipped.
 */
import { execFile, execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Cluster } from '../engine/cluster';
import { clusterEnv } from '../engine/kubectl/env';
import { runKubectl, type KubectlResult } from '../engine/kubectl/run';
import { serve } from './http';
import { writeKubeconfig } from './kubeconfig';
import { selfSignedCertificate } from './tls';

function findKubectl(): string | undefined {
  const fromEnv = process.env.KUBEGLASS_REAL_KUBECTL;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  try {
    const listed = execSync('dpkg -L kubectl 2>/dev/null', { encoding: 'utf8' });
    return listed.split('\n').find((l) => l.endsWith('kubectl.1.31'));
  } catch {
    return undefined;
  }
}

export const KUBECTL = findKubectl();

/** Ages and column padding aside: `5s`, `3m12s`, `334d` become AGE; runs of spaces one space. */
export function normalize(text: string): string {
  return text
    .replace(/(?<=\s|\()(\d+d)?(\d+h)?(\d+m)?(\d+s)?(?=\s|\)|$)/gm, (m) => (m ? 'AGE' : m))
    .replace(/<invalid>/g, 'AGE')
    .replace(/[ \t]+/g, ' ')
    .replace(/ $/gm, '');
}

/** A cluster of its own served over HTTPS, with real kubectl and ours beside it. */
export async function served(seed: number) {
  const cluster = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed }).start();
  const server = await serve(cluster, {
    port: 0,
    address: '127.0.0.1',
    speed: 20,
    requireToken: true,
    tls: selfSignedCertificate(['127.0.0.1']),
  });
  const dir = mkdtempSync(join(tmpdir(), 'kubeglass-real-kubectl-'));
  writeKubeconfig(join(dir, 'kubeconfig'), server.url, server.token, server.caCert);
  const args = (a: string[]) => [
    '--kubeconfig',
    join(dir, 'kubeconfig'),
    '--cache-dir',
    join(dir, 'cache'),
    ...a,
  ];
  const real = (a: string[]): Promise<KubectlResult> =>
    new Promise((resolve) => {
      execFile(KUBECTL!, args(a), { timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ stdout, stderr, exitCode: err ? ((err as { code?: number }).code ?? 1) : 0 }),
      );
    });
  const ours = (line: string, files: Record<string, string> = {}): Promise<KubectlResult> =>
    new Promise((resolve) =>
      runKubectl(clusterEnv(cluster, { readFile: (n) => files[n] }), line, resolve),
    );
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  /** Both print the same for one command (read-only, or on twins), ages aside. */
  const same = async (
    line: string,
    opts: { ours?: string; files?: Record<string, string>; sub?: (t: string) => string } = {},
  ) => {
    const r = await real(line.split(' '));
    const o = await ours(opts.ours ?? line, opts.files);
    const n = (t: string) => normalize(opts.sub ? opts.sub(t) : t);
    expect({ cmd: line, out: n(o.stdout), err: n(o.stderr), code: o.exitCode }).toEqual({
      cmd: line,
      out: normalize(r.stdout),
      err: normalize(r.stderr),
      code: r.exitCode,
    });
    return r;
  };
  /** Real kubectl's `-w`, stopped after `ms`; `during` runs while it watches. */
  const watchFor = (a: string[], ms: number, during: () => Promise<unknown>) =>
    new Promise<string>((resolve) => {
      const child = spawn(KUBECTL!, args(a));
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('close', () => resolve(out));
      setTimeout(() => void during(), 1_500);
      setTimeout(() => child.kill(), ms);
    });
  return { cluster, server, real, ours, file, same, watchFor };
}
