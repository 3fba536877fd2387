import { dropDisabledPodFields } from '../../../../api/dropDisabled';
import { podWarnings } from '../../../../api/podWarnings';
import { cpuMillis, memoryBytes } from '../../../../api/quantity';
import type { ResourceInfo } from '../../../../api/resources';
import type { Pod } from '../../../../api/types';
import { genericStatusStrategy, genericStrategy, type RESTStrategy } from '../../strategy';

/** The pod's QoS class (k/k: pkg/apis/core/helper/qos). */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || q === undefined) {
        guaranteed = false;
        continue;
      }
      const same = r === 'cpu' ? cpuMillis(q) === cpuMillis(l) : memoryBytes(q) === memoryBytes(l);
      if (!same) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * k/k: pkg/registry/core/pod/strategy.go. A new pod is Pending with its QoS class; pods have no
 * generation; a delete is graceful once the pod is on a node and still running.
 */
export function podStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    tracksGeneration: false,
    prepareForCreate(obj) {
      const pod = obj as Pod;
      if (!pod.spec) return;
      // corpus-apps: the alpha fields v1.31 knows but does not keep with their gates off.
      dropDisabledPodFields(pod);
      pod.status = { phase: 'Pending', qosClass: qosClass(pod) };
      // k/k applySchedulingGatedCondition: a pod created with gates says why it waits.
      if (pod.spec.schedulingGates?.length)
        pod.status.conditions = [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'SchedulingGated',
            message: 'Scheduling is blocked due to non-empty scheduling gates',
            // Now, as UpdatePodCondition stamps it: the metadata was stamped just before.
            lastTransitionTime: pod.metadata?.creationTimestamp,
          },
        ];
      for (const c of pod.spec.containers ?? []) {
        // Limits without requests: requests default to the limits (k/k: core/v1 defaults).
        const lim = c.resources?.limits;
        if (lim) c.resources!.requests = { ...lim, ...(c.resources!.requests ?? {}) };
      }
    },
    warningsOnCreate: (obj) => podWarnings(obj as Pod),
    // Graceful deletion: a pod on a node is only marked; its kubelet stops the containers and
    // then deletes it for good with a grace period of 0. A pod never scheduled, or finished,
    // goes at once (k/k: podStrategy.CheckGracefulDelete).
    gracePeriod(obj, requested) {
      const pod = obj as Pod;
      const phase = pod.status?.phase;
      if (!pod.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
      return requested ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    },
  });
}

/** k/k podStatusStrategy: a status write changes the status only. */
export const podStatusStrategy = genericStatusStrategy();
