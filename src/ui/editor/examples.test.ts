import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './examples';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function docs(id: string): Obj[] {
  const example = EXAMPLES.find((e) => e.id === id);
  if (!example) throw new Error(`no example ${id}`);
  return parseAllDocuments(example.yaml).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Obj;
  });
}

describe('example manifests', () => {
  it('offers the examples of the menu, with unique ids', () => {
    expect(EXAMPLES.map((e) => e.title)).toEqual([
      'A Pod',
      'A Deployment with a Service',
      'A Job',
      'A CronJob',
      'A StatefulSet with storage',
      'A DaemonSet',
      'A ConfigMap as files',
      'An autoscaled Deployment',
      'A Deployment with a bad image',
      'An invalid manifest',
      'Three pods',
    ]);
    expect(new Set(EXAMPLES.map((e) => e.id)).size).toBe(EXAMPLES.length);
  });

  it('has a Deployment whose Service selects its pods', () => {
    const [deployment, service] = docs('deployment-service');
    expect(deployment.kind).toBe('Deployment');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(deployment.spec.template.metadata.labels).toEqual(deployment.spec.selector.matchLabels);
    expect(service.kind).toBe('Service');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  it('has a busybox Job with backoffLimit 2 that echoes and sleeps', () => {
    const [job] = docs('job');
    expect(job.spec.backoffLimit).toBe(2);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const [container] = job.spec.template.spec.containers;
    expect(container.image).toBe('busybox:1.36');
    expect(container.command).toEqual(['sh', '-c', 'echo hello from the job && sleep 3']);
  });

  it('has a bad image tag and an invalid Deployment that is still valid YAML', () => {
    expect(docs('bad-image')[0].spec.template.spec.containers[0].image).toBe(
      'nginx:1.27-doesnotexist',
    );
    const [invalid] = docs('invalid');
    expect(invalid.spec.replicas).toBe(-1);
    expect(invalid.spec.selector.matchLabels).not.toEqual(invalid.spec.template.metadata.labels);
  });

  it('has three single-container pods in one file', () => {
    const pods = docs('three-pods');
    expect(pods.map((p) => p.kind)).toEqual(['Pod', 'Pod', 'Pod']);
    expect(new Set(pods.map((p) => p.metadata.name)).size).toBe(3);
    for (const pod of pods) expect(pod.spec.containers).toHaveLength(1);
    expect(docs('pod')[0].spec.containers[0]).toMatchObject({
      image: 'nginx:1.27',
      ports: [{ containerPort: 80 }],
    });
  });
});
