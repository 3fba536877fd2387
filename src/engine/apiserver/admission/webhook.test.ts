/**
 * Admission webhooks as a v1.31 API server calls them when no webhook server can answer
 * (k/k: apiserver/pkg/admission/plugin/webhook): the configurations' defaults, validation and
 * columns, and the refusal a matching call's failure gives, unless `failurePolicy: Ignore`.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { applySync, kubectlSync } from '../../scenario/actions';

const cluster = () =>
  new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 7, kubeSystem: false }).start();

const config = (
  kind: string,
  extra: string,
  client: string,
) => `apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}
metadata: { name: pod-policy.example.com }
webhooks:
- name: pod-policy.example.com
  rules: [{ operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods] }]
  clientConfig: ${client}
  admissionReviewVersions: [v1]
  sideEffects: None
${extra}`;
const SVC = '{ service: { namespace: default, name: pod-policy, path: /validate } }';
const run = (c: Cluster) => kubectlSync(c, 'run web --image=nginx');

describe('webhook configurations', () => {
  it('are defaulted and listed with their webhook count', () => {
    const c = cluster();
    expect(applySync(c, config('ValidatingWebhookConfiguration', '', SVC), 'w.yaml').exitCode).toBe(
      0,
    );
    const get = (path: string) =>
      kubectlSync(
        c,
        `get validatingwebhookconfiguration pod-policy.example.com -o jsonpath={.webhooks[0].${path}}`,
      ).stdout;
    expect([
      get('failurePolicy'),
      get('matchPolicy'),
      get('timeoutSeconds'),
      get('clientConfig.service.port'),
      get('rules[0].scope'),
    ]).toEqual(['Fail', 'Equivalent', '10', '443', '*']);
    expect(kubectlSync(c, 'get validatingwebhookconfigurations').stdout).toMatch(
      /^NAME\s+WEBHOOKS\s+AGE\npod-policy\.example\.com\s+1\s+\d+s\n$/,
    );
  });

  it('refuse a webhook without sideEffects or with a short name', () => {
    const c = cluster();
    const bad = config('MutatingWebhookConfiguration', '', SVC)
      .replace('  sideEffects: None\n', '')
      .replace('- name: pod-policy.example.com', '- name: example.com');
    expect(applySync(c, bad, 'w.yaml').stderr).toContain(
      'The MutatingWebhookConfiguration "pod-policy.example.com" is invalid: \n* webhooks[0].name: Invalid value: "example.com": should be a domain with at least three segments separated by dots\n* webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun',
    );
  });
});

describe('calling webhooks', () => {
  it('a webhook whose Service does not exist refuses the request it matches', () => {
    const c = cluster();
    applySync(c, config('ValidatingWebhookConfiguration', '', SVC), 'w.yaml');
    const r = run(c);
    expect(r.stderr).toBe(
      'Error from server (InternalError): Internal error occurred: failed calling webhook "pod-policy.example.com": failed to call webhook: Post "https://pod-policy.default.svc:443/validate?timeout=10s": service "pod-policy" not found\n',
    );
    expect(r.exitCode).toBe(1);
    // Other resources are not matched.
    expect(kubectlSync(c, 'create configmap x').exitCode).toBe(0);
  });

  it('failurePolicy Ignore lets the request through', () => {
    const c = cluster();
    applySync(
      c,
      config('MutatingWebhookConfiguration', '  failurePolicy: Ignore\n', SVC),
      'w.yaml',
    );
    expect(run(c).stdout).toBe('pod/web created\n');
  });

  it('a Service without endpoints refuses the connection; a namespace outside the selector is not called', () => {
    const c = cluster();
    applySync(
      c,
      config(
        'ValidatingWebhookConfiguration',
        '  namespaceSelector: { matchLabels: { policed: "yes" } }\n',
        SVC,
      ),
      'w.yaml',
    );
    expect(kubectlSync(c, 'create service clusterip pod-policy --tcp=443:8443').exitCode).toBe(0);
    c.clock.advance(2_000);
    expect(run(c).stdout).toBe('pod/web created\n');
    kubectlSync(c, 'label namespace default policed=yes');
    const ip = kubectlSync(c, 'get service pod-policy -o jsonpath={.spec.clusterIP}').stdout;
    expect(kubectlSync(c, 'run web2 --image=nginx').stderr).toContain(
      `failed to call webhook: Post "https://pod-policy.default.svc:443/validate?timeout=10s": dial tcp ${ip}:443: connect: connection refused`,
    );
  });

  it('a URL webhook cannot be reached offline', () => {
    const c = cluster();
    applySync(
      c,
      config('MutatingWebhookConfiguration', '', '{ url: "https://policy.example.com/mutate" }'),
      'w.yaml',
    );
    expect(run(c).stderr).toContain(
      'failed calling webhook "pod-policy.example.com": failed to call webhook: Post "https://policy.example.com/mutate?timeout=10s": dial tcp: lookup policy.example.com: no such host',
    );
  });

  it('skips a webhook whose matchConditions are false, evaluated in CEL, and refuses one that does not compile', () => {
    const c = cluster();
    const conditions = (expr: string) =>
      `  matchConditions:\n  - name: not-kube-system\n    expression: "${expr}"\n`;
    const url = '{ url: "https://policy.example.com/validate" }';
    applySync(
      c,
      config('ValidatingWebhookConfiguration', conditions("object.metadata.name != 'web'"), url),
      'w.yaml',
    );
    // The condition is false for `web`: the webhook is not called and the pod is created.
    expect(run(c).stdout).toBe('pod/web created\n');
    // For another name it holds: the call is made and fails offline.
    expect(kubectlSync(c, 'run other --image=nginx').stderr).toContain(
      'failed calling webhook "pod-policy.example.com"',
    );
    const bad = config('MutatingWebhookConfiguration', conditions('object.metadata.name =='), url);
    expect(applySync(c, bad, 'm.yaml').stderr).toContain(
      'webhooks[0].matchConditions[0].expression: Invalid value: "object.metadata.name ==": compilation failed: ERROR: <input>:1:24: Syntax error:',
    );
  });
});
