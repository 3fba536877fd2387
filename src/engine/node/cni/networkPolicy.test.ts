import type { NetworkPolicy, NetworkPolicySpec } from 'kubernetes-types/networking/v1';
import { describe, expect, it } from 'vitest';
import { evaluateConnection, type PolicyEndpoint, type PolicyWorld } from './networkPolicy';

const np = (name: string, spec: NetworkPolicySpec, namespace = 'default'): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec: { policyTypes: spec.egress ? ['Ingress', 'Egress'] : ['Ingress'], ...spec },
});

const world = (...policies: NetworkPolicy[]): PolicyWorld => ({
  policies,
  namespaceLabels: (ns) =>
    ({
      default: { 'kubernetes.io/metadata.name': 'default' },
      prod: { 'kubernetes.io/metadata.name': 'prod', project: 'myproject' },
    })[ns],
});

const pod = (
  name: string,
  labels: Record<string, string>,
  ip: string,
  namespace = 'default',
): PolicyEndpoint => ({
  ip,
  pod: { namespace, name, labels, namedPorts: { http: 80 } },
});

const nginx = pod('nginx', { app: 'nginx' }, '10.244.1.5');
const busybox = pod('busybox', { run: 'busybox' }, '10.244.2.7');
const client = pod('busybox', { run: 'busybox', access: 'true' }, '10.244.2.8');
const outside: PolicyEndpoint = { ip: '203.0.113.10' };

/** content/en/examples/service/networking/nginx-policy.yaml (the Declare Network Policy task). */
const accessNginx = np('access-nginx', {
  podSelector: { matchLabels: { app: 'nginx' } },
  ingress: [{ from: [{ podSelector: { matchLabels: { access: 'true' } } }] }],
});

describe('NetworkPolicy evaluation', () => {
  it('allows everything when no policy selects either end', () => {
    expect(evaluateConnection(world(), busybox, nginx, 80).allowed).toBe(true);
  });

  it('the Declare Network Policy task: only pods labelled access=true reach nginx', () => {
    const w = world(accessNginx);
    expect(evaluateConnection(w, busybox, nginx, 80)).toEqual({
      allowed: false,
      direction: 'ingress',
      policies: ['default/access-nginx'],
    });
    expect(evaluateConnection(w, client, nginx, 80).allowed).toBe(true);
    // The policy selects nginx only: busybox itself is not isolated.
    expect(evaluateConnection(w, nginx, busybox, 80).allowed).toBe(true);
  });

  it('default-deny ingress isolates every pod of the namespace, from pods and from outside', () => {
    const w = world(np('default-deny-ingress', { podSelector: {} }));
    expect(evaluateConnection(w, busybox, nginx, 80).allowed).toBe(false);
    expect(evaluateConnection(w, outside, nginx, 80).allowed).toBe(false);
    // Another namespace's pods are not selected.
    expect(evaluateConnection(w, busybox, pod('db', {}, '10.244.3.3', 'prod'), 80).allowed).toBe(
      true,
    );
  });

  it('allow-all ingress overrides a deny: policies are additive', () => {
    const w = world(
      np('default-deny-ingress', { podSelector: {} }),
      np('allow-all-ingress', { podSelector: {}, ingress: [{}] }),
    );
    expect(evaluateConnection(w, outside, nginx, 80).allowed).toBe(true);
  });

  it('default-deny egress stops a pod connecting out', () => {
    const w = world(np('default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }));
    expect(evaluateConnection(w, busybox, nginx, 80)).toMatchObject({
      allowed: false,
      direction: 'egress',
    });
  });

  it('checks ports, protocols, port ranges and named ports', () => {
    const only = (ports: NetworkPolicySpec['ingress']) =>
      world(np('p', { podSelector: { matchLabels: { app: 'nginx' } }, ingress: ports }));
    expect(
      evaluateConnection(only([{ ports: [{ protocol: 'TCP', port: 80 }] }]), busybox, nginx, 80)
        .allowed,
    ).toBe(true);
    expect(
      evaluateConnection(only([{ ports: [{ protocol: 'TCP', port: 443 }] }]), busybox, nginx, 80)
        .allowed,
    ).toBe(false);
    expect(
      evaluateConnection(only([{ ports: [{ protocol: 'UDP', port: 80 }] }]), busybox, nginx, 80)
        .allowed,
    ).toBe(false);
    expect(
      evaluateConnection(
        only([{ ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }]),
        busybox,
        nginx,
        32100,
      ).allowed,
    ).toBe(true);
    expect(
      evaluateConnection(only([{ ports: [{ protocol: 'TCP', port: 'http' }] }]), busybox, nginx, 80)
        .allowed,
    ).toBe(true);
  });

  it('the test-network-policy example: ipBlock with except, namespaceSelector, podSelector', () => {
    const db = pod('db', { role: 'db' }, '10.244.1.9');
    const w = world(
      np('test-network-policy', {
        podSelector: { matchLabels: { role: 'db' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
              { namespaceSelector: { matchLabels: { project: 'myproject' } } },
              { podSelector: { matchLabels: { role: 'frontend' } } },
            ],
            ports: [{ protocol: 'TCP', port: 6379 }],
          },
        ],
      }),
    );
    const at = (ip: string): PolicyEndpoint => ({ ip });
    expect(evaluateConnection(w, at('172.17.2.3'), db, 6379).allowed).toBe(true);
    expect(evaluateConnection(w, at('172.17.1.3'), db, 6379).allowed).toBe(false);
    expect(evaluateConnection(w, pod('x', {}, '10.244.2.2', 'prod'), db, 6379).allowed).toBe(true);
    expect(
      evaluateConnection(w, pod('fe', { role: 'frontend' }, '10.244.2.3'), db, 6379).allowed,
    ).toBe(true);
    // A frontend pod in another namespace: podSelector alone means the policy's namespace.
    expect(
      evaluateConnection(w, pod('fe', { role: 'frontend' }, '10.244.2.3', 'other'), db, 6379)
        .allowed,
    ).toBe(false);
    expect(
      evaluateConnection(w, pod('fe', { role: 'frontend' }, '10.244.2.3'), db, 80).allowed,
    ).toBe(false);
  });

  it('namespaceSelector and podSelector in one peer must both match', () => {
    const w = world(
      np('both', {
        podSelector: {},
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { project: 'myproject' } },
                podSelector: { matchLabels: { role: 'client' } },
              },
            ],
          },
        ],
      }),
    );
    expect(
      evaluateConnection(w, pod('c', { role: 'client' }, '10.244.3.1', 'prod'), nginx, 80).allowed,
    ).toBe(true);
    expect(
      evaluateConnection(w, pod('c', { role: 'other' }, '10.244.3.1', 'prod'), nginx, 80).allowed,
    ).toBe(false);
    expect(
      evaluateConnection(w, pod('c', { role: 'client' }, '10.244.3.1'), nginx, 80).allowed,
    ).toBe(false);
  });
});
