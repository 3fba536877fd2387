import type { ResourceInfo } from '../../../../api/resources';
import type { Job } from '../../../../api/types';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/batch/job/strategy.go. A new Job gets a unique selector and its template
 * the matching labels, unless the user asked for `manualSelector`.
 */
export function jobStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    prepareForCreate(obj) {
      const job = obj as Job;
      const spec = job.spec;
      if (!spec || spec.manualSelector) return;
      const uid = job.metadata!.uid!;
      const labels = {
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': job.metadata!.name!,
        'controller-uid': uid,
        'job-name': job.metadata!.name!,
      };
      spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
      spec.template.metadata = spec.template.metadata ?? {};
      spec.template.metadata.labels = { ...(spec.template.metadata.labels ?? {}), ...labels };
      job.metadata!.labels = { ...labels, ...(job.metadata!.labels ?? {}) };
      delete job.metadata!.labels['controller-uid'];
      delete job.metadata!.labels['batch.kubernetes.io/controller-uid'];
    },
  });
}
