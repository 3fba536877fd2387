import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { KubectlSession, type SessionReply } from './session';

describe('KubectlSession (the terminal in the worker)', () => {
  it('answers a plain command once, and streams -w until Ctrl+C', () => {
    const cluster = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 3 }).start();
    const replies: SessionReply[] = [];
    const session = new KubectlSession(cluster, (r) => replies.push(r));

    session.run(1, 'kubectl get nodes');
    cluster.clock.advance(1_000);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ requestId: 1, ok: true, partial: false, exitCode: 0 });
    expect(replies[0].output).toMatch(/^NAME\s+STATUS\s+ROLES/);

    session.run(2, 'kubectl get pods -w');
    session.run(3, 'kubectl run web --image=nginx');
    cluster.clock.advance(1_000);
    const first = replies.find((r) => r.requestId === 2)!;
    expect(first.partial).toBe(true);
    session.poll(4, 2);
    cluster.clock.advance(10_000);
    const more = replies.find((r) => r.requestId === 4)!;
    expect(more.partial).toBe(true);
    expect(first.output + more.output).toContain('web');
    // Ctrl+C: the stream ends; the next poll gets what is left and the exit code 130.
    session.cancel(2);
    session.poll(5, 2);
    const last = replies.find((r) => r.requestId === 5)!;
    expect(last).toMatchObject({ partial: false, exitCode: 130 });
  });
});
