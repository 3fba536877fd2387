/**
 * For the live-mode specs: `sim serve` started as a child process (it serves the built page at
 * /kubeglass/ beside its API), real `kubectl proxy` in front of it where a kubectl binary is
 * installed, and the official JavaScript client as the outside program.
 */
import * as k8s from '@kubernetes/client-node';
import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Running {
  url: string;
  kubeconfig: string;
  stop(): void;
}

/** Waits for a line of the child's output that matches `re`; its first group. */
function waitFor(child: ChildProcess, re: RegExp, what: string, ms = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), ms);
    const on = (chunk: Buffer) => {
      out += chunk.toString();
      const m = re.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}): ${out}`)));
  });
}

/** `npm run sim -- serve` on a free port, serving `dist` at /kubeglass/. */
export async function startSimServe(speed = 10): Promise<Running> {
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kubeglass-live-')), 'kubeconfig');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/entry.ts',
      'serve',
      '--port',
      '0',
      '--speed',
      String(speed),
      '--www',
      'dist',
      '--kubeconfig',
      kubeconfig,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await waitFor(child, /Serving the simulated cluster at (\S+)/, 'sim serve');
  return { url, kubeconfig, stop: () => child.kill('SIGTERM') };
}

/**
 * A real kubectl: $KUBEGLASS_REAL_KUBECTL, else the `kubectl.1.31` the Debian kubectl package
 * installs; undefined where there is none (CI).
 */
export function findKubectl(): string | undefined {
  const fromEnv = process.env.KUBEGLASS_REAL_KUBECTL;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  try {
    const listed = execSync('dpkg -L kubectl 2>/dev/null', { encoding: 'utf8' });
    return listed.split('\n').find((l) => l.endsWith('kubectl.1.31'));
  } catch {
    return undefined;
  }
}

/** `kubectl proxy --www=dist --www-prefix=/kubeglass/` as the README says, on a free port. */
export async function startKubectlProxy(kubectl: string, kubeconfig: string): Promise<Running> {
  const child = spawn(
    kubectl,
    ['--kubeconfig', kubeconfig, 'proxy', '--port', '0', '--www=dist', '--www-prefix=/kubeglass/'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const host = await waitFor(child, /Starting to serve on (\S+)/, 'kubectl proxy');
  return { url: `http://${host}`, kubeconfig, stop: () => child.kill('SIGTERM') };
}

/** The official client, configured by the kubeconfig sim serve wrote. */
export function coreApi(kubeconfig: string): k8s.CoreV1Api {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  return kc.makeApiClient(k8s.CoreV1Api);
}

/** A pod as a client program would create it. */
export function podNamed(name: string): k8s.V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
  };
}
