/**
 * `npm run sim -- serve` as a user starts it: on a free port, it writes a kubeconfig whose
 * server, certificate and token reach the API (here with Node's https client), and the
 * manifest it was given is applied.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Kubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { token: string } }[];
}

function getJson(
  url: string,
  ca: string,
  token?: string,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get(url, { ca, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    }).on('error', reject);
  });
}

describe('npm run sim -- serve', () => {
  it('serves on a free port with the kubeconfig it writes, the manifest applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeglass-serve-cli-'));
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      join(dir, 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\ndata:\n  k: v\n',
    );
    const child = spawn(
      process.execPath,
      [
        join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        join(root, 'src', 'cli', 'entry.ts'),
        'serve',
        '--port',
        '0',
        '--address',
        '127.0.0.1',
        '--kubeconfig',
        kubeconfig,
        join(dir, 'cm.yaml'),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('Kubeconfig:')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`sim serve exited (${code}): ${out}`)));
      });
      expect(out).toContain('configmap/hello created');
      const kc = parse(readFileSync(kubeconfig, 'utf8')) as Kubeconfig;
      const server = kc.clusters[0].cluster.server;
      expect(server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = Buffer.from(
        kc.clusters[0].cluster['certificate-authority-data'],
        'base64',
      ).toString();
      const version = await getJson(`${server}/version`, ca, kc.users[0].user.token);
      expect(version).toMatchObject({ status: 200, body: { gitVersion: 'v1.31.4' } });
      const cm = await getJson(`${server}/api/v1/namespaces/default/configmaps/hello`, ca);
      expect(cm).toMatchObject({ status: 200, body: { kind: 'ConfigMap', data: { k: 'v' } } });
    } finally {
      child.kill('SIGTERM');
    }
  }, 90_000);
});
