import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from './format';
import { kubectlSync, runScenario } from './runner';
import { applyFault } from './faults';
import { Cluster } from '../cluster';

const dir = join(__dirname, 'testdata');
const run = (file: string) =>
  runScenario(parseScenario(readFileSync(join(dir, file), 'utf8')), { file });

/** Every failed expectation of a run, with the transcript around it when one fails. */
function failures(out: ReturnType<typeof run>): string[] {
  return out.lines.filter((l) => l.startsWith('✗'));
}

describe('control-plane scenarios', () => {
  it('node failure: NotReady, taint, NodeNotReady events, eviction after 300 s', () => {
    const out = run('control-plane-node-failure.yaml');
    expect(failures(out)).toEqual([]);
    expect(out.ok).toBe(true);
  });

  it('VM deletion: the Node is deleted', () => {
    const out = run('control-plane-vm-deletion.yaml');
    expect(failures(out)).toEqual([]);
    expect(out.ok).toBe(true);
  });

  // Issue 4 item 6: one scenario file per behaviour, each with its own expectations.
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('cp-') && f.endsWith('.yaml'))
    .sort();

  it('has the scenario files issue 4 asks for', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'cp-deployment.yaml',
        'cp-rolling-update.yaml',
        'cp-recreate.yaml',
        'cp-rollback.yaml',
        'cp-unschedulable.yaml',
        'cp-node-selection.yaml',
        'cp-anti-affinity.yaml',
        'cp-taints.yaml',
        'cp-topology-spread.yaml',
        'cp-node-failure.yaml',
        'cp-vm-deletion.yaml',
        'cp-endpoints-readiness.yaml',
        'cp-jobs.yaml',
        'cp-cascade-deletion.yaml',
        'cp-component-faults.yaml',
      ]),
    );
  });

  for (const file of files) {
    it(`${file}: every expectation holds`, () => {
      const out = run(file);
      const failed = failures(out);
      expect(failed, failed.length ? out.lines.join('\n') : '').toEqual([]);
      expect(out.ok).toBe(true);
      // Every scenario checks something.
      expect(out.lines.filter((l) => l.startsWith('✓')).length).toBeGreaterThan(2);
    });
  }
});

describe('control-plane faults, timing', () => {
  it('a write while etcd is stopped fails only after the API server gives up on etcd', () => {
    const cluster = new Cluster({ workers: 1, cpu: '2', memory: '4Gi', seed: 3 }).start();
    cluster.clock.advance(5_000);
    applyFault(cluster, { stop: 'etcd' });
    const before = cluster.clock.now;
    const r = kubectlSync(cluster, 'create namespace demo');
    const waited = cluster.clock.now - before;
    expect(r.stderr).toBe('Error from server: etcdserver: request timed out\n');
    expect(r.exitCode).toBe(1);
    expect(waited).toBeGreaterThanOrEqual(5_000);
    applyFault(cluster, { start: 'etcd' });
    expect(kubectlSync(cluster, 'create namespace demo').stdout).toBe('namespace/demo created\n');
  });
});
