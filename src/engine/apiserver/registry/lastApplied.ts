import type { KubeObject } from '../../api/types';
import { clone } from '../patch';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Record the configuration as `kubectl apply` does, in the last-applied annotation. */
export function withLastApplied(obj: KubeObject): KubeObject {
  const copy = clone(obj);
  const text = JSON.stringify(stripLastApplied(obj));
  copy.metadata = copy.metadata ?? {};
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [LAST_APPLIED]: text + '\n' };
  return copy;
}

function stripLastApplied(obj: KubeObject): KubeObject {
  const copy = clone(obj);
  if (copy.metadata?.annotations) {
    delete copy.metadata.annotations[LAST_APPLIED];
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  }
  return copy;
}
