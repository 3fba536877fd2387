import { resourceForPlural } from '../../api/resources';
import type { Status } from '../../api/types';
import * as errors from '../errors';
import type { AdmissionLookups, Attributes, MutatingPlugin, ValidatingPlugin } from './interfaces';

const NAMESPACES = resourceForPlural('namespaces')!;

/**
 * NamespaceLifecycle (k/k: staging/src/k8s.io/apiserver/pkg/admission/plugin/namespace/
 * lifecycle/admission.go): nothing is created in a namespace that does not exist (404) or is
 * being terminated (403); Events still are, so the namespace controller can report.
 */
function check(lookups: AdmissionLookups, a: Attributes): Status | undefined {
  if (!a.resource.namespaced || a.operation !== 'CREATE') return undefined;
  const name = a.namespace!;
  const ns = lookups.namespace(name);
  if (!ns) return errors.notFound(NAMESPACES, name);
  if (ns.metadata?.deletionTimestamp && a.resource.kind !== 'Event') {
    return errors.forbidden(
      a.resource,
      a.name,
      `unable to create new content in namespace ${name} because it is being terminated`,
    );
  }
  return undefined;
}

/** Decides before the object is filled in, so a refused create draws nothing. */
export function namespaceLifecycleAdmit(lookups: AdmissionLookups): MutatingPlugin {
  return {
    name: 'NamespaceLifecycle',
    operations: ['CREATE'],
    mutates: false,
    admit: (a) => check(lookups, a),
  };
}

/** The same rule once more before the write (its lookups are the watch cache's). */
export function namespaceLifecycleValidate(lookups: AdmissionLookups): ValidatingPlugin {
  return {
    name: 'NamespaceLifecycle',
    operations: ['CREATE', 'UPDATE'],
    validate: (a) => check(lookups, a),
  };
}
