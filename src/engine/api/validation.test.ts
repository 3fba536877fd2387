import { describe, it, expect } from 'vitest';
import type { KubeObject } from './types';
import { applyDefaults } from './defaults';
import {
  decodeError,
  formatFieldError,
  invalidMessage,
  invalidStatus,
  resourceMappingNotFound,
  unknownKindMessage,
  validateObject,
} from './validation';

/** What kubectl would print for creating `obj` (defaulted first, like the API server). */
function kubectlError(obj: KubeObject, old?: KubeObject): string {
  applyDefaults(obj);
  if (old) applyDefaults(old);
  return invalidMessage(obj.kind ?? '', obj.metadata?.name ?? '', validateObject(obj, old));
}

const messages = (obj: KubeObject, old?: KubeObject) => {
  applyDefaults(obj);
  return validateObject(obj, old).map(formatFieldError);
};

function pod(spec: Record<string, unknown>, name = 'x'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec };
}

function deployment(spec: Record<string, unknown>, name = 'web'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
      ...spec,
    },
  };
}

const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('kubectl invalid messages', () => {
  it('one error on one line', () => {
    expect(kubectlError(deployment({ replicas: -1 }))).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it('several errors as a bulleted list, like the real missing-selector case', () => {
    const d = deployment({});
    delete (d.spec as Record<string, unknown>).selector;
    expect(kubectlError(d)).toBe(
      'The Deployment "web" is invalid: \n* spec.selector: Required value\n' +
        '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
  });

  it('the API Status carries the qualified kind and the causes', () => {
    const errs = validateObject(deployment({ replicas: -1 }));
    const s = invalidStatus('apps', 'Deployment', 'web', errs);
    expect(s.code).toBe(422);
    expect(s.reason).toBe('Invalid');
    expect(s.message).toBe(
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(s.details?.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: -1: must be greater than or equal to 0',
        field: 'spec.replicas',
      },
    ]);
  });

  it('unknown kinds', () => {
    expect(unknownKindMessage('v1', 'Foo')).toBe('no matches for kind "Foo" in version "v1"');
    expect(resourceMappingNotFound('x', '', 'file.yaml', 'apps/v1beta2', 'Deployment')).toBe(
      'error: resource mapping not found for name: "x" namespace: "" from "file.yaml": no matches for kind "Deployment" in version "apps/v1beta2"\nensure CRDs are installed first',
    );
  });
});

describe('metadata', () => {
  it('requires a name or generateName', () => {
    expect(messages(pod({ containers: [{ name: 'a', image: 'b' }] }, ''))).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
    const p = pod({ containers: [{ name: 'a', image: 'b' }] }, '');
    p.metadata = { generateName: 'web-' };
    expect(messages(p)).toEqual([]);
  });

  it('names must be DNS-1123 subdomains', () => {
    expect(messages(pod({ containers: [{ name: 'a', image: 'b' }] }, 'Web_1'))).toEqual([
      `metadata.name: Invalid value: "Web_1": ${DNS1123_SUBDOMAIN_MSG}`,
    ]);
  });

  it('Services need DNS-1035 labels and Namespaces DNS-1123 labels', () => {
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: '1web' },
      spec: { ports: [{ port: 80 }] },
    };
    expect(messages(svc)).toEqual([
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]);
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } };
    expect(messages(ns)[0]).toBe(
      `metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it('ClientIP session affinity: a timeout from 1 s to a day; none with None', () => {
    const svc = (spec: Record<string, unknown>): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80 }], ...spec },
    });
    expect(messages(svc({ sessionAffinity: 'ClientIP' }))).toEqual([]);
    expect(
      messages(
        svc({
          sessionAffinity: 'ClientIP',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
        }),
      ),
    ).toEqual([
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    ]);
    expect(
      messages(
        svc({
          sessionAffinity: 'None',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } },
        }),
      ),
    ).toEqual([
      'spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None',
    ]);
  });

  it('label keys and values', () => {
    const p = pod({ containers: [{ name: 'a', image: 'b' }] });
    p.metadata = { name: 'x', labels: { 'bad key': 'ok', app: 'no spaces' } };
    const msgs = messages(p);
    expect(msgs[0]).toMatch(
      /^metadata\.labels: Invalid value: "bad key": name part must consist of alphanumeric characters/,
    );
    expect(msgs[1]).toMatch(
      /^metadata\.labels: Invalid value: "no spaces": a valid label must be an empty string/,
    );
  });
});

describe('Pod', () => {
  it('containers are required', () => {
    expect(kubectlError(pod({}))).toBe('The Pod "x" is invalid: spec.containers: Required value');
  });

  it('reports every container problem', () => {
    const out = kubectlError(
      pod({
        containers: [
          { name: 'Web', image: '' },
          { name: 'web', image: 'nginx', ports: [{ containerPort: 70000, protocol: 'HTTP' }] },
          { name: 'web', image: 'nginx', imagePullPolicy: 'Sometimes' },
        ],
        restartPolicy: 'Sometimes',
      }),
    );
    expect(out.split('\n')).toEqual([
      'The Pod "x" is invalid: ',
      `* spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      '* spec.containers[0].image: Required value',
      '* spec.containers[1].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      '* spec.containers[1].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      '* spec.containers[2].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      '* spec.containers[2].name: Duplicate value: "web"',
      '* spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  it('seccomp profiles: a known type, and a Localhost one names a relative path', () => {
    expect(
      messages(
        pod({
          securityContext: { seccompProfile: { type: 'Localhost' } },
          containers: [
            {
              name: 'a',
              image: 'nginx',
              securityContext: {
                seccompProfile: { type: 'Localhost', localhostProfile: '/etc/../x.json' },
              },
            },
            { name: 'b', image: 'nginx', securityContext: { seccompProfile: { type: 'Default' } } },
            {
              name: 'c',
              image: 'nginx',
              securityContext: {
                seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' },
              },
            },
          ],
        }),
      ),
    ).toEqual([
      'spec.containers[0].securityContext.seccompProfile.localhostProfile: Invalid value: "/etc/../x.json": must be a relative path',
      `spec.containers[0].securityContext.seccompProfile.localhostProfile: Invalid value: "/etc/../x.json": must not contain '..'`,
      'spec.containers[1].securityContext.seccompProfile.type: Unsupported value: "Default": supported values: "Localhost", "RuntimeDefault", "Unconfined"',
      'spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost',
    ]);
  });

  it('requests may not exceed limits; quantities are canonical', () => {
    expect(
      messages(
        pod({
          containers: [
            {
              name: 'a',
              image: 'b',
              resources: { requests: { cpu: '2', memory: '-1' }, limits: { cpu: '1000m' } },
            },
          ],
        }),
      ),
    ).toEqual([
      'spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ]);
  });

  it('checks quantities it has seen before just as the first time', () => {
    const spec = {
      containers: [
        {
          name: 'a',
          image: 'b',
          resources: { requests: { cpu: '2', 'example.com': '1' }, limits: { cpu: '1' } },
        },
      ],
    };
    const expected = [
      'spec.containers[0].resources.requests[example.com]: Invalid value: example.com: must be a standard resource for containers',
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ];
    expect(messages(pod(spec))).toEqual(expected);
    expect(messages(pod(spec))).toEqual(expected);
  });

  it('an unparsable quantity is a 400 decode error', () => {
    const p = pod({
      containers: [{ name: 'a', image: 'b', resources: { limits: { memory: '1Gb' } } }],
    });
    expect(decodeError(p)).toBe(
      `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
    expect(decodeError(deployment({}))).toBeUndefined();
  });

  it('only the image may change on update', () => {
    const old = pod({
      containers: [{ name: 'a', image: 'nginx:1', ports: [{ containerPort: 80 }] }],
    });
    const newImage = pod({
      containers: [{ name: 'a', image: 'nginx:2', ports: [{ containerPort: 80 }] }],
    });
    expect(messages(newImage, (applyDefaults(old), old))).toEqual([]);
    const newPort = pod({
      containers: [{ name: 'a', image: 'nginx:1', ports: [{ containerPort: 8080 }] }],
    });
    expect(messages(newPort, old)).toEqual([
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ]);
    const twoContainers = pod({
      containers: [
        { name: 'a', image: 'x' },
        { name: 'b', image: 'y' },
      ],
    });
    expect(messages(twoContainers, old)).toEqual([
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
  });
});

describe('Deployment and ReplicaSet', () => {
  it('a valid deployment has no errors', () => {
    expect(messages(deployment({ replicas: 3 }))).toEqual([]);
  });

  it('an empty selector is invalid', () => {
    expect(messages(deployment({ selector: {} }))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('the selector must match the template labels', () => {
    const d = deployment({ selector: { matchLabels: { app: 'other' } } });
    expect(messages(d)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('validates the template as a pod spec under spec.template.spec', () => {
    const d = deployment({});
    (d.spec as { template: { spec: Record<string, unknown> } }).template.spec = {
      containers: [{ name: 'web' }],
      restartPolicy: 'Never',
    };
    expect(messages(d)).toEqual([
      'spec.template.spec.containers[0].image: Required value',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('maxSurge and maxUnavailable may not both be 0', () => {
    const d = deployment({
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
    });
    expect(messages(d)).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
  });

  it('spec.selector is immutable', () => {
    const old = deployment({});
    applyDefaults(old);
    const d = deployment({
      selector: { matchLabels: { app: 'web', v: '2' } },
      template: {
        metadata: { labels: { app: 'web', v: '2' } },
        spec: { containers: [{ name: 'web', image: 'nginx' }] },
      },
    });
    expect(messages(d, old)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('ReplicaSet replicas must not be negative', () => {
    const rs = { ...deployment({ replicas: -2 }), apiVersion: 'apps/v1', kind: 'ReplicaSet' };
    expect(kubectlError(rs)).toBe(
      'The ReplicaSet "web" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0',
    );
  });
});

describe('Job', () => {
  const job = (
    templateSpec: Record<string, unknown>,
    spec: Record<string, unknown> = {},
  ): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi' },
    spec: {
      template: { spec: { containers: [{ name: 'pi', image: 'perl' }], ...templateSpec } },
      ...spec,
    },
  });

  it('restartPolicy must be OnFailure or Never', () => {
    expect(kubectlError(job({}))).toBe(
      'The Job "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
    expect(messages(job({ restartPolicy: 'Always' }))).toEqual([
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
    expect(messages(job({ restartPolicy: 'Never' }))).toEqual([]);
  });

  it('counts must not be negative', () => {
    expect(
      messages(
        job({ restartPolicy: 'Never' }, { completions: -1, parallelism: -1, backoffLimit: -1 }),
      ),
    ).toEqual([
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      'spec.completions: Invalid value: -1: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('the template is immutable', () => {
    const old = job({ restartPolicy: 'Never' });
    applyDefaults(old);
    const changed = job({ restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5' }] });
    expect(messages(changed, old)).toEqual([
      'spec.template: Invalid value: core.PodTemplateSpec{…}: field is immutable',
    ]);
  });
});

describe('Service', () => {
  const svc = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec,
  });

  it('ports are required unless headless or ExternalName', () => {
    expect(messages(svc({ selector: { app: 'web' } }))).toEqual(['spec.ports: Required value']);
    expect(messages(svc({ clusterIP: 'None' }))).toEqual([]);
    expect(messages(svc({ type: 'ExternalName', externalName: 'example.com' }))).toEqual([]);
  });

  it('checks ports, type and the NodePort range', () => {
    expect(
      messages(
        svc({
          type: 'NodePort',
          ports: [
            { name: 'http', port: 0, targetPort: 'Web_Port' },
            { port: 443, nodePort: 40000 },
          ],
        }),
      ),
    ).toEqual([
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ports[1].name: Required value',
      'spec.ports[1].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
    expect(messages(svc({ type: 'Balancer', ports: [{ port: 80 }] }))).toEqual([
      'spec.type: Unsupported value: "Balancer": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });
});

describe('ConfigMap and Secret', () => {
  it('keys must be valid config keys', () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { 'a/b': 'x', ok: 'y' },
    };
    expect(messages(cm)).toEqual([
      `data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
  });

  it('TLS secrets need their keys', () => {
    const s: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      type: 'kubernetes.io/tls',
      data: {},
    };
    expect(messages(s)).toEqual(['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
  });
});

describe('decode errors', () => {
  it('a boolean label value (YAML `yes`) cannot go into a string field', () => {
    const d = deployment({});
    (
      d.spec as { template: { metadata: { labels: Record<string, unknown> } } }
    ).template.metadata.labels = {
      app: 'web',
      canary: true,
    };
    expect(decodeError(d)).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal bool into Go struct field ObjectMeta.spec.template.metadata.labels of type string',
    );
  });

  it('an env value must be a string', () => {
    const p = pod({
      containers: [{ name: 'a', image: 'b', env: [{ name: 'PORT', value: 8080 }] }],
    });
    expect(decodeError(p)).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string',
    );
  });
});
