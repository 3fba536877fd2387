import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { jsonPath, JsonPathError, toJson, toYaml } from './output';

const cm = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'web-config',
    namespace: 'default',
    uid: '6f1c2a9e-0000-4000-8000-000000000002',
    resourceVersion: '1234',
    creationTimestamp: '2026-01-05T09:00:05Z',
    labels: { app: 'web' },
  },
  data: { port: '8080', debug: 'true', greeting: 'hello world' },
} as KubeObject;

describe('toYaml (kubectl get -o yaml)', () => {
  it('sorts keys and double-quotes strings that would read as numbers, booleans or times', () => {
    expect(toYaml(cm)).toBe(
      'apiVersion: v1\n' +
        'data:\n' +
        '  debug: "true"\n' +
        '  greeting: hello world\n' +
        '  port: "8080"\n' +
        'kind: ConfigMap\n' +
        'metadata:\n' +
        '  creationTimestamp: "2026-01-05T09:00:05Z"\n' +
        '  labels:\n' +
        '    app: web\n' +
        '  name: web-config\n' +
        '  namespace: default\n' +
        '  resourceVersion: "1234"\n' +
        '  uid: 6f1c2a9e-0000-4000-8000-000000000002\n',
    );
  });

  it('wraps several objects in a List with an empty resourceVersion', () => {
    const ns = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default' },
      spec: { finalizers: ['kubernetes'] },
    };
    expect(toYaml([ns as KubeObject])).toBe(
      'apiVersion: v1\n' +
        'items:\n' +
        '- apiVersion: v1\n' +
        '  kind: Namespace\n' +
        '  metadata:\n' +
        '    name: default\n' +
        '  spec:\n' +
        '    finalizers:\n' +
        '    - kubernetes\n' +
        'kind: List\n' +
        'metadata:\n' +
        '  resourceVersion: ""\n',
    );
  });

  it('folds a long message at the first space past column 80, as go-yaml does', () => {
    const message =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
      '2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, ' +
      '2 No preemption victims found for incoming pod.';
    const pod = {
      status: {
        conditions: [
          {
            lastProbeTime: null,
            message,
            reason: 'Unschedulable',
            status: 'False',
            type: 'PodScheduled',
          },
        ],
        phase: 'Pending',
      },
    };
    expect(toYaml(pod)).toBe(
      'status:\n' +
        '  conditions:\n' +
        '  - lastProbeTime: null\n' +
        "    message: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane:\n" +
        '      }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is\n' +
        "      not helpful for scheduling, 2 No preemption victims found for incoming pod.'\n" +
        '    reason: Unschedulable\n' +
        '    status: "False"\n' +
        '    type: PodScheduled\n' +
        '  phase: Pending\n',
    );
  });

  it('writes multi-line strings as literal blocks and quotes what cannot be plain', () => {
    const obj = {
      metadata: {
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"ConfigMap"}\n',
          note: 'line1\nline2',
        },
      },
      data: { empty: '', colon: 'a: b', star: '*', lead: ' x', version: 'v1.31.4' },
      list: [],
      map: {},
    };
    expect(toYaml(obj)).toBe(
      'data:\n' +
        "  colon: 'a: b'\n" +
        '  empty: ""\n' +
        "  lead: ' x'\n" +
        "  star: '*'\n" +
        '  version: v1.31.4\n' +
        'list: []\n' +
        'map: {}\n' +
        'metadata:\n' +
        '  annotations:\n' +
        '    kubectl.kubernetes.io/last-applied-configuration: |\n' +
        '      {"kind":"ConfigMap"}\n' +
        '    note: |-\n' +
        '      line1\n' +
        '      line2\n',
    );
  });
});

describe('toJson (kubectl get -o json)', () => {
  it('indents by 4 spaces with sorted keys and Go HTML-safe escapes', () => {
    expect(
      toJson({
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { name: 'a<b>&c', labels: {} },
        spec: { volumes: [] },
      }),
    ).toBe(
      '{\n' +
        '    "apiVersion": "v1",\n' +
        '    "kind": "Pod",\n' +
        '    "metadata": {\n' +
        '        "labels": {},\n' +
        '        "name": "a\\u003cb\\u003e\\u0026c"\n' +
        '    },\n' +
        '    "spec": {\n' +
        '        "volumes": []\n' +
        '    }\n' +
        '}\n',
    );
  });

  it('wraps several objects in a List', () => {
    expect(toJson([])).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
  });
});

describe('jsonPath (kubectl -o jsonpath)', () => {
  const pod = (name: string, ip: string, ready: string) => ({
    metadata: { name, labels: { 'app.kubernetes.io/name': 'web' } },
    status: {
      podIP: ip,
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: ready },
      ],
    },
  });
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [pod('web-1', '10.244.1.5', 'True'), pod('web-2', '10.244.2.7', 'False')],
  };

  it('selects a field of one object', () => {
    expect(jsonPath('{.metadata.name}', pod('web-1', '', ''))).toBe('web-1');
  });

  it('joins several results with spaces', () => {
    expect(jsonPath('{.items[*].metadata.name}', list)).toBe('web-1 web-2');
  });

  it('indexes arrays, negative indexes from the end', () => {
    expect(jsonPath('{.items[0].status.podIP}', list)).toBe('10.244.1.5');
    expect(jsonPath('{.items[-1].metadata.name}', list)).toBe('web-2');
  });

  it('iterates with range … end and prints string literals', () => {
    expect(
      jsonPath('{range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}', list),
    ).toBe('web-1\t10.244.1.5\nweb-2\t10.244.2.7\n');
  });

  it('filters with [?(@.type=="Ready")]', () => {
    expect(jsonPath('{.items[*].status.conditions[?(@.type=="Ready")].status}', list)).toBe(
      'True False',
    );
  });

  it('escapes dots in keys and prints maps as compact JSON', () => {
    expect(jsonPath('{.items[0].metadata.labels.app\\.kubernetes\\.io/name}', list)).toBe('web');
    expect(jsonPath('{.items[0].metadata.labels}', list)).toBe('{"app.kubernetes.io/name":"web"}');
  });

  it('prints nothing for a missing key (kubectl allows missing keys) and keeps surrounding text', () => {
    expect(jsonPath('ip={.status.hostIP}.', pod('web-1', '', ''))).toBe('ip=.');
  });

  it('reports kubectl parse and range errors', () => {
    expect(() => jsonPath('{.items[0}', list)).toThrow(JsonPathError);
    expect(() => jsonPath('{.metadata.name', list)).toThrow(
      'error parsing jsonpath {.metadata.name, unclosed action',
    );
    expect(() => jsonPath('{.items[5].metadata.name}', list)).toThrow(
      'error executing jsonpath "{.items[5].metadata.name}": Error executing template: array index out of bounds: index 5, length 2.',
    );
  });
});
