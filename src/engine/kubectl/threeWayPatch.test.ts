import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import {
  hasDirective,
  lastAppliedText,
  sortedJson,
  threeWayJsonMergePatch,
  threeWayMergePatch,
  withLastApplied,
} from './threeWayPatch';

const pod = (containers: unknown[], extra: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers, ...extra },
  }) as KubeObject;

describe('the last-applied-configuration annotation', () => {
  it('is the object as JSON with sorted keys, an empty annotations map and a newline', () => {
    const obj = {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'c', namespace: 'default' },
      data: { b: '2', a: '1' },
    } as KubeObject;
    expect(lastAppliedText(obj)).toBe(
      '{"apiVersion":"v1","data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c","namespace":"default"}}\n',
    );
  });

  it('never contains itself', () => {
    const once = withLastApplied(pod([{ name: 'a', image: 'x' }]));
    const twice = withLastApplied(once);
    expect(twice.metadata?.annotations).toEqual(once.metadata?.annotations);
  });
});

describe('threeWayMergePatch (last applied, new, live)', () => {
  it('is empty when the new configuration matches the live object', () => {
    const cfg = pod([{ name: 'a', image: 'x' }]);
    const live = { ...cfg, status: { phase: 'Running' } } as KubeObject;
    expect(threeWayMergePatch(cfg, cfg, live)).toEqual({});
  });

  it('keeps fields others set (defaults, status) and changes only what the file changed', () => {
    const last = pod([{ name: 'a', image: 'x' }]);
    const next = pod([{ name: 'a', image: 'y' }]);
    const live = pod([{ name: 'a', image: 'x', imagePullPolicy: 'IfNotPresent' }], {
      restartPolicy: 'Always',
    });
    // With the list's order beside its change, as kubectl v1.31 sends it.
    expect(threeWayMergePatch(last, next, live)).toEqual({
      spec: {
        '$setElementOrder/containers': [{ name: 'a' }],
        containers: [{ name: 'a', image: 'y' }],
      },
    });
  });

  it('deletes a field the last configuration set and the new one does not, with null', () => {
    const last = pod([{ name: 'a', image: 'x' }], { hostname: 'h' });
    const next = pod([{ name: 'a', image: 'x' }]);
    expect(threeWayMergePatch(last, next, last)).toEqual({ spec: { hostname: null } });
  });

  it('does not delete a field someone else set', () => {
    const last = pod([{ name: 'a', image: 'x' }]);
    const live = pod([{ name: 'a', image: 'x' }], { nodeName: 'worker-1' });
    expect(threeWayMergePatch(last, last, live)).toEqual({});
  });

  it('removes an item of a merge-keyed list with a $patch: delete directive', () => {
    const last = pod([
      {
        name: 'a',
        image: 'x',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
      { name: 'sidecar', image: 's' },
    ]);
    const next = pod([{ name: 'a', image: 'x', env: [{ name: 'A', value: '1' }] }]);
    expect(threeWayMergePatch(last, next, last)).toEqual({
      spec: {
        '$setElementOrder/containers': [{ name: 'a' }],
        containers: [
          {
            name: 'a',
            '$setElementOrder/env': [{ name: 'A' }],
            env: [{ $patch: 'delete', name: 'B' }],
          },
          { $patch: 'delete', name: 'sidecar' },
        ],
      },
    });
  });

  it('adds a new keyed item whole, and merges Service ports by port', () => {
    const svc = (ports: unknown[]) =>
      ({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { ports },
      }) as KubeObject;
    const last = svc([{ port: 80, targetPort: 8080 }]);
    const live = svc([{ port: 80, targetPort: 8080, protocol: 'TCP' }]);
    const next = svc([
      { port: 80, targetPort: 9090 },
      { port: 443, targetPort: 8443 },
    ]);
    expect(threeWayMergePatch(last, next, live)).toEqual({
      spec: {
        '$setElementOrder/ports': [{ port: 80 }, { port: 443 }],
        ports: [
          { port: 80, targetPort: 9090 },
          { port: 443, targetPort: 8443 },
        ],
      },
    });
  });

  it('replaces an atomic list (args, tolerations) whole when it differs', () => {
    const last = pod([{ name: 'a', image: 'x', args: ['1', '2'] }]);
    const next = pod([{ name: 'a', image: 'x', args: ['1'] }]);
    expect(threeWayMergePatch(last, next, last)).toEqual({
      spec: {
        '$setElementOrder/containers': [{ name: 'a' }],
        containers: [{ name: 'a', args: ['1'] }],
      },
    });
  });
});

describe('sortedJson', () => {
  it('writes JSON as Go writes a map: keys sorted at every level', () => {
    expect(sortedJson({ b: [{ d: 1, c: null }], a: 'é\u001b', 'x<y': 'a&b>c' })).toBe(
      '{"a":"é\\u001b","b":[{"c":null,"d":1}],"x\\u003cy":"a\\u0026b\\u003ec"}',
    );
  });
});

describe("threeWayJsonMergePatch (the stand-in for a Service's ports)", () => {
  it('sends a keyed list that lost an item whole, and nothing else changes shape', () => {
    const last = pod([{ name: 'a', image: 'x', env: [{ name: 'A' }, { name: 'B' }] }], {
      hostname: 'h',
    });
    const next = pod([{ name: 'a', image: 'x', env: [{ name: 'A' }] }]);
    const live = pod(
      [
        {
          name: 'a',
          image: 'x',
          imagePullPolicy: 'IfNotPresent',
          env: [{ name: 'A' }, { name: 'B' }],
        },
      ],
      {
        hostname: 'h',
      },
    );
    expect(hasDirective(threeWayMergePatch(last, next, live))).toBe(true);
    const patch = threeWayJsonMergePatch(last, next, live);
    expect(hasDirective(patch)).toBe(false);
    expect(patch).toEqual({
      spec: { hostname: null, containers: [{ name: 'a', image: 'x', env: [{ name: 'A' }] }] },
    });
  });
});
