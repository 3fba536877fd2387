import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { Cluster } from '../../cluster';
import { applySync, kubectlSync } from '../../scenario/actions';
import { podStatusColumn } from '../../kubectl/podStatus';
import { objectsOf } from '../../testing/testCluster';
import { Disk } from '../hostDisk';
import { seccompError } from '../runtime/seccomp';
import { seccompProfileFor } from './seccomp';

const pod = (podProfile?: object, containerProfile?: object): Pod =>
  ({
    metadata: { name: 'p' },
    spec: {
      ...(podProfile ? { securityContext: { seccompProfile: podProfile } } : {}),
      containers: [
        {
          name: 'c',
          image: 'busybox',
          ...(containerProfile ? { securityContext: { seccompProfile: containerProfile } } : {}),
        },
      ],
    },
  }) as Pod;

describe("the kubelet's seccomp profile (kuberuntime getSeccompProfile)", () => {
  const of = (p: Pod) => seccompProfileFor(p, p.spec!.containers[0]);

  it('is Unconfined without a field (kind sets no seccompDefault)', () => {
    expect(of(pod())).toEqual({ profileType: 'Unconfined' });
  });

  it("takes the pod's, and a container's own before it", () => {
    expect(of(pod({ type: 'RuntimeDefault' }))).toEqual({ profileType: 'RuntimeDefault' });
    expect(
      of(pod({ type: 'RuntimeDefault' }, { type: 'Localhost', localhostProfile: 'p/a.json' })),
    ).toEqual({ profileType: 'Localhost', localhostRef: '/var/lib/kubelet/seccomp/p/a.json' });
    expect(
      of(pod({ type: 'Localhost', localhostProfile: 'a.json' }, { type: 'Unconfined' })),
    ).toEqual({ profileType: 'Unconfined' });
  });

  it('joins a Localhost profile under /var/lib/kubelet/seccomp as filepath.Join does', () => {
    expect(of(pod({ type: 'Localhost', localhostProfile: './profiles//x.json' }))).toEqual({
      profileType: 'Localhost',
      localhostRef: '/var/lib/kubelet/seccomp/profiles/x.json',
    });
  });
});

describe('the runtime building a container with a Localhost seccomp profile', () => {
  const profile = {
    profileType: 'Localhost' as const,
    localhostRef: '/var/lib/kubelet/seccomp/profiles/audit.json',
  };

  it('fails as containerd fails when the file is not on the node', () => {
    expect(seccompError('containerd', new Disk(), profile)).toBe(
      'failed to create containerd container: cannot load seccomp profile "/var/lib/kubelet/seccomp/profiles/audit.json": open /var/lib/kubelet/seccomp/profiles/audit.json: no such file or directory',
    );
  });

  it('fails with CRI-O its own way', () => {
    expect(seccompError('cri-o', new Disk(), profile)).toBe(
      'setup seccomp: unable to load local profile "/var/lib/kubelet/seccomp/profiles/audit.json": open /var/lib/kubelet/seccomp/profiles/audit.json: no such file or directory',
    );
  });

  it('builds it once the profile is on the node (a hostPath of a parent wrote it)', () => {
    const disk = new Disk();
    disk.dir('/var/lib/kubelet/seccomp').set('/profiles/audit.json', '{}');
    expect(seccompError('containerd', disk, profile)).toBeUndefined();
    expect(
      seccompError('containerd', new Disk(), { profileType: 'RuntimeDefault' }),
    ).toBeUndefined();
  });
});

describe('pods with seccomp profiles on a fresh cluster', () => {
  it('a Localhost profile stays CreateContainerError; RuntimeDefault and Unconfined run', () => {
    const cluster = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 3 }).start();
    const manifest = (name: string, podLevel: string, containerLevel?: string) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: {
          securityContext: { seccompProfile: JSON.parse(podLevel) },
          containers: [
            {
              name: 'c',
              image: 'busybox',
              command: ['sleep', '3600'],
              ...(containerLevel
                ? { securityContext: { seccompProfile: JSON.parse(containerLevel) } }
                : {}),
            },
          ],
        },
      });
    const localhost = '{"type":"Localhost","localhostProfile":"profiles/violation.json"}';
    applySync(cluster, manifest('runtime-default', '{"type":"RuntimeDefault"}'), 'a.json');
    applySync(cluster, manifest('pod-level', localhost), 'b.json');
    applySync(
      cluster,
      manifest('container-level', '{"type":"RuntimeDefault"}', localhost),
      'c.json',
    );
    applySync(cluster, manifest('overridden', localhost, '{"type":"Unconfined"}'), 'd.json');
    cluster.clock.advance(60_000);
    const status = Object.fromEntries(
      objectsOf<Pod>(cluster, 'Pod')
        .filter((p) => p.metadata?.namespace === 'default')
        .map((p) => [p.metadata!.name, podStatusColumn(p)]),
    );
    expect(status).toEqual({
      'runtime-default': 'Running',
      'pod-level': 'CreateContainerError',
      'container-level': 'CreateContainerError',
      overridden: 'Running',
    });
    const pod = kubectlSync(cluster, 'get pod pod-level -o json').stdout;
    // Never made by the runtime: the spec's image as written, no image ID.
    expect(JSON.parse(pod).status.containerStatuses[0]).toMatchObject({
      image: 'busybox',
      imageID: '',
    });
    const running = kubectlSync(cluster, 'get pod runtime-default -o json').stdout;
    expect(JSON.parse(running).status.containerStatuses[0]).toMatchObject({
      image: 'docker.io/library/busybox:latest',
      imageID: expect.stringMatching(/^docker\.io\/library\/busybox@sha256:/),
    });
    expect(JSON.parse(pod).status.containerStatuses[0].state.waiting).toEqual({
      reason: 'CreateContainerError',
      message:
        'failed to create containerd container: cannot load seccomp profile "/var/lib/kubelet/seccomp/profiles/violation.json": open /var/lib/kubelet/seccomp/profiles/violation.json: no such file or directory',
    });
    // Retried on each sync, with no Created event.
    const events = kubectlSync(
      cluster,
      'get events --field-selector involvedObject.name=pod-level',
    ).stdout;
    expect(events).toMatch(
      /Warning\s+Failed\s+pod\/pod-level\s+Error: failed to create containerd/,
    );
    expect(events).not.toContain('Created container');
  });
});
