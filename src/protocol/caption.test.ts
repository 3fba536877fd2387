import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine/sim/trace';
import * as images from '../engine/publicImages';
import { captionFor, GLOSSARY, kindOf, participant, pullEstimate } from './caption';

let id = 0;
/** A trace event as the engine records it (the seed's Deployment, traced by the headless CLI). */
function ev(
  p: Partial<TraceEvent> & Pick<TraceEvent, 'from' | 'to' | 'verb' | 'resource' | 'summary'>,
): TraceEvent {
  id++;
  return { id, kind: 'request', sentAt: 0, arriveAt: 2, flow: id, ...p };
}

describe('captionFor: the seed’s four steps, told without API verbs', () => {
  it('1. kubectl sends the Deployment you wrote to the API server', () => {
    const c = captionFor(
      ev({
        from: 'kubectl',
        to: 'kube-apiserver',
        verb: 'POST',
        resource: 'deployments',
        summary: 'POST deployments',
      }),
    );
    expect(c.text).toBe(
      'kubectl (you) → API server: create a Deployment: here is what you wrote, please store it',
    );
    expect(c.text).not.toMatch(/POST/);
  });

  it('2. the scheduler binds the pod to the node that scored highest', () => {
    const c = captionFor(
      ev({
        from: 'kube-scheduler',
        to: 'kube-apiserver',
        verb: 'POST',
        resource: 'pods/binding',
        summary: 'bind web-766f8f6986-7s4b7 → worker-2',
      }),
    );
    expect(c.text).toBe(
      'kube-scheduler → API server: bind pod web-766f8f6986-7s4b7 to worker-2 (it scored highest; see Why this node?)',
    );
    expect(c.object).toEqual({ kind: 'Pod', name: 'web-766f8f6986-7s4b7' });
    expect(c.terms).toContain('bind');
  });

  it('3. the kubelet pulls the image, with its real size and time, then starts the container', () => {
    const pull = captionFor(
      ev({
        from: 'kubelet@worker-2',
        to: 'container-runtime@worker-2',
        verb: 'PullImage',
        resource: 'cri',
        summary: 'PullImage nginx:1.27',
      }),
      undefined,
      images,
    );
    expect(pull.text).toMatch(
      /^kubelet on worker-2 → container runtime on worker-2: pull nginx:1\.27 \(\d+ MB, about \d+ s\)$/,
    );
    expect(pull.text).toContain(`(${pullEstimate('nginx:1.27', images)})`);
    expect(pull.terms).toEqual(['CRI']);
    const start = captionFor(
      ev({
        from: 'kubelet@worker-2',
        to: 'container-runtime@worker-2',
        verb: 'StartContainer',
        resource: 'cri',
        summary: 'StartContainer nginx',
      }),
    );
    expect(start.text).toBe(
      'kubelet on worker-2 → container runtime on worker-2: start container nginx',
    );
  });

  it('4. the API server asks the kubelet for the logs, and the kubelet answers', () => {
    const req = captionFor(
      ev({
        from: 'kube-apiserver',
        to: 'kubelet@worker-2',
        verb: 'GET',
        resource: '/containerLogs/default/web-766f8f6986-7s4b7/nginx',
        summary: 'GET /containerLogs/default/web-766f8f6986-7s4b7/nginx',
      }),
    );
    expect(req.text).toBe(
      'API server → kubelet on worker-2: fetch the logs of container nginx in pod web-766f8f6986-7s4b7 (for kubectl logs)',
    );
    expect(req.object).toEqual({ kind: 'Pod', namespace: 'default', name: 'web-766f8f6986-7s4b7' });
    const res = captionFor(
      ev({
        kind: 'response',
        from: 'kubelet@worker-2',
        to: 'kube-apiserver',
        verb: 'GET',
        resource: '/containerLogs/default/web-766f8f6986-7s4b7/nginx',
        summary: '200 logs',
        status: 200,
      }),
    );
    expect(res.text).toBe('kubelet on worker-2 → API server: here are the logs');
  });
});

describe('captionFor: the rest of the traffic', () => {
  it('names the cause: the watch event that made a controller act', () => {
    const watch = ev({
      kind: 'watch',
      from: 'kube-apiserver',
      to: 'kube-controller-manager',
      verb: 'ADDED',
      resource: 'deployments',
      summary: 'WATCH deployments: ADDED web',
    });
    const create = ev({
      from: 'kube-controller-manager',
      to: 'kube-apiserver',
      verb: 'POST',
      resource: 'replicasets',
      summary: 'POST replicasets',
      cause: watch.flow,
    });
    expect(captionFor(watch).text).toBe(
      'API server → kube-controller-manager: Deployment web was created (it watches Deployments)',
    );
    expect(captionFor(create, watch).text).toBe(
      'kube-controller-manager → API server: create a ReplicaSet (because it saw Deployment web was created)',
    );
    // A cause delivered to someone else is not this sender's reason.
    expect(captionFor(create, { ...watch, to: 'kube-scheduler' }).text).toBe(
      'kube-controller-manager → API server: create a ReplicaSet',
    );
  });

  it('tells etcd writes and reads with the object, and explains txn, RANGE and revisions', () => {
    const txn = captionFor(
      ev({
        from: 'kube-apiserver',
        to: 'etcd',
        verb: 'TXN',
        resource: '/registry/services/specs/default/web',
        summary: 'txn create services/specs/default/web',
      }),
    );
    expect(txn.text).toBe('API server → etcd: save the new Service default/web');
    expect(txn.object).toEqual({ kind: 'Service', namespace: 'default', name: 'web' });
    expect(txn.terms).toEqual(['txn']);
    const ok = captionFor(
      ev({
        kind: 'response',
        from: 'etcd',
        to: 'kube-apiserver',
        verb: 'TXN',
        resource: '/registry/x',
        summary: 'TXN ok rev 38',
      }),
    );
    expect(ok.text).toBe('etcd → API server: saved, as revision 38');
    expect(ok.terms).toEqual(['txn', 'resourceVersion']);
    const range = captionFor(
      ev({
        from: 'kube-apiserver',
        to: 'etcd',
        verb: 'RANGE',
        resource: '/registry/pods/default/',
        summary: 'range pods/default/',
      }),
    );
    expect(range.text).toBe('API server → etcd: read every Pod in default');
    expect(range.terms).toEqual(['RANGE']);
  });

  it('says what a response means', () => {
    const notFound = captionFor(
      ev({
        kind: 'response',
        from: 'kube-apiserver',
        to: 'kubectl',
        verb: 'GET',
        resource: 'deployments',
        summary: '404 GET deployments',
        status: 404,
      }),
    );
    expect(notFound.text).toBe('API server → kubectl (you): no such Deployment (404 Not Found)');
    const created = captionFor(
      ev({
        kind: 'response',
        from: 'kube-apiserver',
        to: 'kube-controller-manager',
        verb: 'POST',
        resource: 'pods',
        summary: '201 POST pods',
        status: 201,
      }),
    );
    expect(created.text).toBe('API server → kube-controller-manager: done: Pod created (201)');
  });

  it('tells the API server’s pipeline stages and kube-proxy’s rules', () => {
    const authn = captionFor(
      ev({
        kind: 'stage',
        from: 'kube-apiserver',
        to: 'kube-apiserver',
        verb: 'authentication',
        resource: '',
        summary: 'authentication: authenticated kubernetes-admin',
      }),
    );
    expect(authn.text).toBe('API server: checks who is asking — authenticated kubernetes-admin');
  });

  it('gives every term a one-line glossary entry, and names components as people say them', () => {
    for (const line of Object.values(GLOSSARY)) expect(line).not.toContain('\n');
    expect(participant('kubelet@worker-1')).toBe('kubelet on worker-1');
    expect(participant('container-runtime@worker-1')).toBe('container runtime on worker-1');
    expect(kindOf('endpointslices')).toBe('EndpointSlice');
    expect(kindOf('pods/status')).toBe('Pod');
  });

  it('never leaves a message without words', () => {
    const odd = captionFor(
      ev({ from: 'a', to: 'b', verb: 'FROB', resource: 'x', summary: 'FROB x' }),
    );
    expect(odd.text).toBe('a → b: FROB x');
  });
});

describe("captionFor: a refused request says why, in the API server's words", () => {
  it('names the policy that refused a Deployment, and keeps a bare refusal short', () => {
    const denied = captionFor(
      ev({
        from: 'kube-apiserver',
        to: 'kubectl',
        kind: 'response',
        verb: 'POST',
        resource: '/apis/apps/v1/namespaces/test/deployments',
        summary: '422 POST /apis/apps/v1/namespaces/test/deployments',
        status: 422,
        refusal:
          "deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-test' denied request: failed expression: object.spec.replicas <= 5",
      }),
    );
    expect(denied.text).toBe(
      "API server → kubectl (you): refused (422): deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-test' denied request: failed expression: object.spec.replicas <= 5",
    );
    expect(denied.short).toBe('422 refused');
    const bare = captionFor(
      ev({
        from: 'kube-apiserver',
        to: 'kubectl',
        kind: 'response',
        verb: 'POST',
        resource: 'pods',
        summary: '403 POST pods',
        status: 403,
      }),
    );
    expect(bare.text).toBe('API server → kubectl (you): refused (403)');
  });
});
