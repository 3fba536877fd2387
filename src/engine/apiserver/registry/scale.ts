import { labelSelectorToString } from '../../api/labels';
import type { KubeObject, LabelSelector } from '../../api/types';
import { clone } from '../patch';
import type { ApiRequest, Reply } from '../types';
import { getObject } from './reads';
import type { SubresourceREST } from './rest';
import type { Store } from './store';

/**
 * hpa: `status.selector`, the workload's pod selector as a string: what the HPA controller lists
 * pods and their metrics by (k/k: ScaleREST's scaleFromDeployment, metav1.LabelSelectorAsSelector).
 */
function selectorOf(obj: KubeObject): { selector?: string } {
  const sel = (obj.spec as { selector?: LabelSelector }).selector;
  return sel ? { selector: labelSelectorToString(sel) } : {};
}

/** The autoscaling/v1 Scale view of a workload. */
export function scaleOf(obj: KubeObject): KubeObject {
  const spec = obj.spec as { replicas?: number };
  const status = obj.status as { replicas?: number } | undefined;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: obj.metadata!.name,
      namespace: obj.metadata!.namespace,
      resourceVersion: obj.metadata!.resourceVersion,
    },
    spec: { replicas: spec.replicas },
    status: { replicas: status?.replicas ?? 0, ...selectorOf(obj) },
  };
}

/**
 * `<workload>/scale` (k/k: pkg/registry/apps/deployment/storage ScaleREST): reads a Scale,
 * and a write changes `spec.replicas` of the workload, through its update path.
 */
export class ScaleREST implements SubresourceREST {
  constructor(private readonly store: Store) {}

  get(req: ApiRequest, reply: Reply): void {
    getObject(this.store.ctx, this.store.info, req, reply, scaleOf);
  }

  /** A write answers with the Scale it made, as ScaleREST.Update does (kubectl scale decodes it). */
  update(req: ApiRequest, reply: Reply): void {
    const asScale: Reply = (r) =>
      reply(
        r.code < 300 && r.body && typeof r.body === 'object' && 'spec' in r.body
          ? { ...r, body: scaleOf(r.body as KubeObject) }
          : r,
      );
    this.store.update(req, asScale, {
      next(live, r) {
        const replicas = (r.body as { spec?: { replicas?: number } })?.spec?.replicas;
        const next = clone(live);
        (next as { spec: { replicas?: number } }).spec.replicas = replicas;
        return next;
      },
    });
  }
}
