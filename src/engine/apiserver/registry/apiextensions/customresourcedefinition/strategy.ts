import { onDemand } from '../../../../onDemand';
import type { ResourceInfo } from '../../../../api/resources';
import type { DeepMutable, KubeObject } from '../../../../api/types';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1';
import * as errors from '../../../errors';
import type { ApiRequest, Reply } from '../../../types';
import { clone } from '../../../patch';
import { Store } from '../../store';
import { genericStrategy, type RESTStrategy } from '../../strategy';
import type { StorageContext } from '../../context';
import type { AdmissionChain } from '../../../admission/chain';

type Crd = DeepMutable<CustomResourceDefinition>;

/** k/k apiextensions.CustomResourceCleanupFinalizer: held until the CRD's objects are gone. */
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/**
 * k/k: apiextensions-apiserver/pkg/apis/apiextensions/v1/defaults.go SetDefaults_*: the
 * conversion strategy `None`, `singular` and `listKind` from the kind, a webhook service's port.
 */
export function defaultCustomResourceDefinition(crd: Crd): void {
  const spec = crd.spec;
  if (!spec || typeof spec !== 'object') return;
  spec.conversion ??= { strategy: 'None' };
  const port = spec.conversion.webhook?.clientConfig?.service;
  if (port && port.port === undefined) port.port = 443;
  const names = spec.names;
  if (names?.kind) {
    names.singular ||= names.kind.toLowerCase();
    names.listKind ||= `${names.kind}List`;
  }
}

/**
 * k/k: apiextensions-apiserver/pkg/registry/customresourcedefinition/strategy.go: a new CRD
 * starts with an empty status holding only its storage version in `storedVersions` (the naming
 * and establishing controllers fill in the rest); generation 1, bumped by spec changes.
 */
export function customResourceDefinitionStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    prepareForCreate(obj) {
      const crd = obj as unknown as Crd;
      defaultCustomResourceDefinition(crd);
      const storage = (crd.spec?.versions ?? []).filter((v) => v.storage).map((v) => v.name);
      crd.status = {
        acceptedNames: { kind: '', plural: '' },
        storedVersions: storage.slice(0, 1),
      } as Crd['status'];
      delete (crd.status as { conditions?: unknown }).conditions;
    },
    prepareForUpdate(next, old) {
      const crd = next as unknown as Crd;
      defaultCustomResourceDefinition(crd);
      next.status = clone(old.status);
      // k/k PrepareForUpdate: a new storage version joins status.storedVersions.
      const status = next.status as Crd['status'];
      for (const v of crd.spec?.versions ?? [])
        if (v.storage && status && !status.storedVersions?.includes(v.name))
          status.storedVersions = [...(status.storedVersions ?? []), v.name];
      return next;
    },
    validate: (obj) => onDemand().validateCustomResourceDefinition(obj as unknown as Crd),
    validateUpdate: (obj, old) =>
      onDemand().validateCustomResourceDefinition(obj as unknown as Crd, old as unknown as Crd),
  });
}

/**
 * k/k: customresourcedefinition/etcd.go REST.Delete: the first delete marks the CRD terminating
 * (deletionTimestamp, the cleanup finalizer, a `Terminating` condition); the finalizer
 * controller deletes its objects and then lets it go.
 */
export class CustomResourceDefinitionStore extends Store {
  constructor(ctx: StorageContext, info: ResourceInfo, admission: AdmissionChain) {
    super(ctx, info, customResourceDefinitionStrategy(info), admission);
  }

  override delete(req: ApiRequest, reply: Reply): void {
    const key = this.keyOf(req);
    const current = this.ctx.etcd.store.get(key);
    if (!current) return reply({ code: 404, body: errors.notFound(this.info, req.name!) });
    const live = this.ctx.live(current);
    if (live.metadata?.deletionTimestamp || req.dryRun) return super.delete(req, reply);
    const next = clone(live) as KubeObject & Crd;
    const meta = next.metadata!;
    meta.deletionTimestamp = this.ctx.clock.timestamp();
    meta.deletionGracePeriodSeconds = 0;
    if (!meta.finalizers?.includes(CLEANUP_FINALIZER))
      meta.finalizers = [...(meta.finalizers ?? []), CLEANUP_FINALIZER];
    const status = (next.status ??= {} as NonNullable<Crd['status']>);
    status.conditions = [
      ...(status.conditions ?? []).filter((c) => c.type !== 'Terminating'),
      {
        type: 'Terminating',
        status: 'True',
        lastTransitionTime: this.ctx.clock.timestamp(),
        reason: 'InstanceDeletionPending',
        message:
          'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
      },
    ];
    this.write(key, current, next, reply, live);
  }
}
