import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { Pod, Status } from '../../api/types';
import * as errors from '../errors';
import { SYSTEM_PRIORITY_CLASSES } from '../../api/policyvalidation';
import type { Attributes, MutatingPlugin, ValidatingPlugin } from './interfaces';

/** k/k: scheduling.DefaultPriorityWhenNoDefaultClassExists. */
const DEFAULT_PRIORITY = 0;

function forbidden(a: Attributes, message: string): Status {
  return errors.forbidden(a.resource, a.name, message);
}

/** k/k: getDefaultPriorityClass: the global default with the highest value, if any. */
function defaultClass(classes: PriorityClass[]): PriorityClass | undefined {
  let best: PriorityClass | undefined;
  for (const pc of classes)
    if (pc.globalDefault && (!best || (pc.value ?? 0) > (best.value ?? 0))) best = pc;
  return best;
}

/**
 * Priority (k/k: plugin/pkg/admission/priority/admission.go): on a pod's create, resolve its
 * `priorityClassName` (or the global default class) to `spec.priority` and
 * `spec.preemptionPolicy`; a class that does not exist refuses the pod. On an update the values
 * stay as they were. `classes` reads the stored PriorityClasses (the plugin's lister).
 */
export function priorityAdmit(classes: () => PriorityClass[]): MutatingPlugin {
  return {
    name: 'Priority',
    operations: ['CREATE', 'UPDATE'],
    mutates: true,
    admit(a) {
      if (a.resource.kind !== 'Pod' || !a.object.spec) return undefined;
      const spec = (a.object as Pod).spec!;
      if (a.operation === 'UPDATE') {
        // admitPod: an update keeps what the create computed.
        const old = (a.oldObject as Pod | undefined)?.spec;
        if (spec.priority === undefined && old?.priority !== undefined)
          spec.priority = old.priority;
        if (spec.preemptionPolicy === undefined && old?.preemptionPolicy !== undefined)
          spec.preemptionPolicy = old.preemptionPolicy;
        return undefined;
      }
      let name = spec.priorityClassName ?? '';
      let priority = DEFAULT_PRIORITY;
      let policy = 'PreemptLowerPriority';
      if (!name) {
        const dpc = defaultClass(classes());
        if (dpc) {
          name = dpc.metadata?.name ?? '';
          priority = dpc.value ?? 0;
          policy = dpc.preemptionPolicy ?? policy;
        }
      } else {
        const pc = classes().find((c) => c.metadata?.name === name);
        if (!pc) return forbidden(a, `no PriorityClass with name ${name} was found`);
        priority = pc.value ?? 0;
        policy = pc.preemptionPolicy ?? policy;
      }
      if (spec.priority !== undefined && spec.priority !== priority)
        return forbidden(
          a,
          `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
        );
      if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy)
        return forbidden(
          a,
          `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
        );
      spec.priority = priority;
      spec.preemptionPolicy = policy;
      if (name) spec.priorityClassName = name;
      return undefined;
    },
  };
}

/**
 * The plugin's PriorityClass half (validatePriorityClass): only one class may be the global
 * default.
 */
export function priorityValidate(classes: () => PriorityClass[]): ValidatingPlugin {
  return {
    name: 'Priority',
    operations: ['CREATE', 'UPDATE'],
    validate(a) {
      if (a.resource.kind !== 'PriorityClass') return undefined;
      const pc = a.object as unknown as PriorityClass;
      if (!pc.globalDefault) return undefined;
      const dpc = defaultClass(classes());
      if (dpc && dpc.metadata?.name !== pc.metadata?.name)
        return forbidden(
          a,
          `PriorityClass ${pc.metadata?.name} is marked as default and another default PriorityClass ${dpc.metadata?.name} already exists`,
        );
      return undefined;
    },
  };
}

/** Whether a PriorityClass is one the API server creates and keeps (`system-node-critical`…). */
export function isSystemPriorityClass(name: string): boolean {
  return SYSTEM_PRIORITY_CLASSES.some((c) => c.metadata?.name === name);
}
