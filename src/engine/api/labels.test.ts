import { describe, it, expect } from 'vitest';
import {
  labelSelectorToString,
  matchesFieldSelector,
  matchesLabelSelector,
  matchesParsedSelector,
  matchesSelectorMap,
  parseFieldSelector,
  parseLabelSelector,
  serviceSelects,
} from './labels';

const web = { app: 'web', tier: 'frontend', env: 'prod' };

describe('matchesLabelSelector', () => {
  it('matches matchLabels and matchExpressions together', () => {
    expect(matchesLabelSelector(web, { matchLabels: { app: 'web' } })).toBe(true);
    expect(matchesLabelSelector(web, { matchLabels: { app: 'db' } })).toBe(false);
    expect(
      matchesLabelSelector(web, {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'staging'] },
          { key: 'tier', operator: 'NotIn', values: ['backend'] },
          { key: 'app', operator: 'Exists' },
          { key: 'canary', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe(true);
    expect(
      matchesLabelSelector(web, {
        matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }],
      }),
    ).toBe(false);
  });

  it('NotIn matches objects without the label', () => {
    expect(
      matchesLabelSelector(
        {},
        { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
      ),
    ).toBe(true);
  });

  it('an empty selector matches everything, an undefined one nothing', () => {
    expect(matchesLabelSelector(web, {})).toBe(true);
    expect(matchesLabelSelector(undefined, {})).toBe(true);
    expect(matchesLabelSelector(web, undefined)).toBe(false);
  });

  it('an invalid selector matches nothing', () => {
    expect(
      matchesLabelSelector(web, { matchExpressions: [{ key: 'env', operator: 'In', values: [] }] }),
    ).toBe(false);
    expect(
      matchesLabelSelector(web, { matchExpressions: [{ key: 'env', operator: 'Equals' }] }),
    ).toBe(false);
  });
});

describe('map selectors', () => {
  it('requires every key with the same value', () => {
    expect(matchesSelectorMap(web, { app: 'web', tier: 'frontend' })).toBe(true);
    expect(matchesSelectorMap(web, { app: 'web', tier: 'backend' })).toBe(false);
    expect(matchesSelectorMap(web, {})).toBe(true);
    expect(matchesSelectorMap(web, undefined)).toBe(false);
  });

  it('a Service with an empty selector selects no pods', () => {
    expect(serviceSelects(web, {})).toBe(false);
    expect(serviceSelects(web, undefined)).toBe(false);
    expect(serviceSelects(web, { app: 'web' })).toBe(true);
  });
});

describe('parseLabelSelector (kubectl -l)', () => {
  const matches = (sel: string, labels: Record<string, string>) =>
    matchesParsedSelector(labels, parseLabelSelector(sel));

  it('understands every operator', () => {
    expect(matches('app=web', web)).toBe(true);
    expect(matches('app==web', web)).toBe(true);
    expect(matches('tier!=db', web)).toBe(true);
    expect(matches('tier!=frontend', web)).toBe(false);
    expect(matches('env in (prod, staging)', web)).toBe(true);
    expect(matches('env notin (prod)', web)).toBe(false);
    expect(matches('app', web)).toBe(true);
    expect(matches('!app', web)).toBe(false);
    expect(matches('!canary', web)).toBe(true);
    expect(matches('app=web,env in (dev)', web)).toBe(false);
    expect(matches('app=web, tier', web)).toBe(true);
  });

  it('the empty selector selects everything', () => {
    expect(parseLabelSelector('').requirements).toEqual([]);
    expect(matches('', {})).toBe(true);
  });

  it('accepts "in" as a value and sorts requirements by key', () => {
    expect(matches('app=in', { app: 'in' })).toBe(true);
    expect(parseLabelSelector('z=1,a=2').requirements.map((r) => r.key)).toEqual(['a', 'z']);
  });

  it('fails with the apimachinery parser messages', () => {
    expect(() => parseLabelSelector('env in (a')).toThrow(
      "unable to parse requirement: found '', expected: ',' or ')'",
    );
    expect(() => parseLabelSelector('env in a')).toThrow(
      "unable to parse requirement: found 'a' expected: '('",
    );
    expect(() => parseLabelSelector('app=web,')).toThrow(
      "found '', expected: identifier after ','",
    );
    expect(() => parseLabelSelector('app web')).toThrow(
      "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt",
    );
    expect(() => parseLabelSelector('=web')).toThrow(
      "found '=', expected: !, identifier, or 'end of string'",
    );
    expect(() => parseLabelSelector('app=a b')).toThrow(
      "found 'b', expected: ',' or 'end of string'",
    );
  });

  it('rejects invalid keys and values', () => {
    expect(() => parseLabelSelector('-bad=x')).toThrow(
      /^unable to parse requirement: .*name part must consist/,
    );
    expect(() => parseLabelSelector('app=-x')).toThrow(/a valid label must be an empty string/);
  });
});

describe('labelSelectorToString', () => {
  it('prints what kubectl shows in SELECTOR', () => {
    expect(
      labelSelectorToString({
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }],
      }),
    ).toBe('app=web,tier in (a,b)');
    expect(
      labelSelectorToString({
        matchExpressions: [
          { key: 'x', operator: 'Exists' },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'env', operator: 'NotIn', values: ['dev'] },
        ],
      }),
    ).toBe('!canary,env notin (dev),x');
    expect(labelSelectorToString({})).toBe('<none>');
    expect(labelSelectorToString(undefined)).toBe('<none>');
  });
});

describe('field selectors', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { nodeName: 'worker-1' },
    status: { phase: 'Running' },
  };
  const event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-1.17a', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u1' },
    reason: 'Scheduled',
    type: 'Normal',
    source: { component: 'default-scheduler' },
  };

  it('matches =, == and != on pod fields', () => {
    expect(matchesFieldSelector(pod, parseFieldSelector('spec.nodeName=worker-1'))).toBe(true);
    expect(matchesFieldSelector(pod, parseFieldSelector('status.phase==Running'))).toBe(true);
    expect(matchesFieldSelector(pod, parseFieldSelector('status.phase!=Running'))).toBe(false);
    expect(
      matchesFieldSelector(
        pod,
        parseFieldSelector('metadata.name=web-1,metadata.namespace=default'),
      ),
    ).toBe(true);
    expect(matchesFieldSelector(pod, parseFieldSelector('spec.nodeName='))).toBe(false);
  });

  it('supports the Event fields kubectl describe uses', () => {
    const sel = parseFieldSelector(
      'involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.kind=Pod,involvedObject.uid=u1',
    );
    expect(matchesFieldSelector(event, sel)).toBe(true);
    expect(matchesFieldSelector(event, parseFieldSelector('reason=Scheduled,type=Normal'))).toBe(
      true,
    );
    expect(matchesFieldSelector(event, parseFieldSelector('source=default-scheduler'))).toBe(true);
  });

  it('rejects unsupported fields with the API message', () => {
    expect(() => matchesFieldSelector(pod, parseFieldSelector('spec.foo=bar'))).toThrow(
      'field label not supported: spec.foo',
    );
    expect(() =>
      matchesFieldSelector(
        { kind: 'ConfigMap', metadata: { name: 'x' } },
        parseFieldSelector('data=1'),
      ),
    ).toThrow('field label not supported: data');
  });

  it('rejects terms without an operator', () => {
    expect(() => parseFieldSelector('status.phase')).toThrow(
      "invalid selector: 'status.phase'; can't understand 'status.phase'",
    );
  });
});
