import { describe, expect, it } from 'vitest';
import { resourceForKind } from '../../api/resources';
import * as errors from '../errors';
import { AdmissionChain } from './chain';
import type { Attributes, MutatingPlugin, ValidatingPlugin } from './interfaces';

const pods = resourceForKind('Pod')!;
const attrs = (operation: 'CREATE' | 'UPDATE'): Attributes => ({
  operation,
  resource: pods,
  namespace: 'default',
  name: 'p',
  object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } },
});

function recorder() {
  const log: string[] = [];
  const stages: string[] = [];
  const mutating = (name: string, mutates: boolean, refuse = false): MutatingPlugin => ({
    name,
    operations: ['CREATE'],
    mutates,
    admit: () => (log.push(name), refuse ? errors.forbidden(pods, 'p', name) : undefined),
  });
  const validating = (name: string, ops: ('CREATE' | 'UPDATE')[]): ValidatingPlugin => ({
    name,
    operations: ops,
    validate: () => (log.push(`validate ${name}`), undefined),
  });
  return {
    log,
    stages,
    mutating,
    validating,
    stage: (n: string, s: string) => stages.push(`${n}: ${s}`),
  };
}

describe('admission chain', () => {
  it('runs deciding plugins, then the server step, then mutating plugins, in one traced stage', () => {
    const r = recorder();
    const chain = new AdmissionChain(
      [r.mutating('Lifecycle', false), r.mutating('Mutator', true)],
      [],
      r.stage,
    );
    chain.admit(attrs('CREATE'), { name: 'defaults', run: () => r.log.push('defaults') });
    expect(r.log).toEqual(['Lifecycle', 'defaults', 'Mutator']);
    expect(r.stages).toEqual(['mutating admission: Lifecycle, Mutator, defaults']);
  });

  it('stops at the first refusal, before the server step fills the object in', () => {
    const r = recorder();
    const chain = new AdmissionChain(
      [r.mutating('Lifecycle', false, true), r.mutating('Mutator', true)],
      [],
      r.stage,
    );
    const refusal = chain.admit(attrs('CREATE'), {
      name: 'defaults',
      run: () => r.log.push('defaults'),
    });
    expect(refusal?.code).toBe(403);
    expect(r.log).toEqual(['Lifecycle']);
  });

  it('asks only the plugins that handle the operation', () => {
    const r = recorder();
    const chain = new AdmissionChain(
      [r.mutating('Mutator', true)],
      [r.validating('Both', ['CREATE', 'UPDATE']), r.validating('CreateOnly', ['CREATE'])],
      r.stage,
    );
    chain.admit(attrs('UPDATE'), { name: 'defaults', run: () => {} });
    chain.validate(attrs('UPDATE'));
    expect(r.log).toEqual(['validate Both']);
    expect(r.stages).toEqual(['mutating admission: defaults', 'validating admission: Both']);
  });
});
