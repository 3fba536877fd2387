import type { Pod } from '../../api/types';
import type { MutatingPlugin } from './interfaces';

/** Every pod tolerates not-ready/unreachable nodes for 300 s (`--default-*-toleration-seconds`). */
export const DEFAULT_TOLERATION_SECONDS = 300;

const TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/**
 * The toleration added for each taint: the same in every pod, so one frozen object is shared by
 * all (the API server freezes every stored object anyway, and the JSON is the same).
 */
const DEFAULT_TOLERATIONS = new Map(
  TAINTS.map((key) => [
    key,
    Object.freeze({
      key,
      operator: 'Exists' as const,
      effect: 'NoExecute' as const,
      tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
    }),
  ]),
);

/**
 * DefaultTolerationSeconds (k/k: plugin/pkg/admission/defaulttolerationseconds/admission.go):
 * a pod without a NoExecute toleration for the not-ready and unreachable taints gets one of
 * 300 s each, so the taint manager evicts it five minutes after its node goes.
 */
export function defaultTolerationSeconds(): MutatingPlugin {
  return {
    name: 'DefaultTolerationSeconds',
    operations: ['CREATE'],
    mutates: true,
    admit(a) {
      const pod = a.object as Pod;
      if (a.resource.kind !== 'Pod' || !pod.spec) return undefined;
      const spec = pod.spec;
      const tolerations = spec.tolerations ?? [];
      for (const key of TAINTS) {
        const has = tolerations.some(
          (t) =>
            (t.key === key || (!t.key && t.operator === 'Exists')) &&
            (!t.effect || t.effect === 'NoExecute'),
        );
        if (!has) {
          tolerations.push(DEFAULT_TOLERATIONS.get(key)!);
        }
      }
      spec.tolerations = tolerations;
      return undefined;
    },
  };
}
