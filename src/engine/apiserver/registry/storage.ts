import { RESOURCES, type ResourceInfo } from '../../api/resources';
import type { AdmissionChain } from '../admission/chain';
import { deploymentStatusStrategy } from './apps/deployment/strategy';
// workloads:
import { daemonSetStrategy } from './apps/daemonset/strategy';
import { statefulSetStrategy } from './apps/statefulset/strategy';
import { cronJobStrategy } from './batch/cronjob/strategy';
import { jobStrategy } from './batch/job/strategy';
// hpa:
import { hpaStrategy } from './autoscaling/hpa/strategy';
import type { StorageContext } from './context';
import {
  NamespaceStore,
  namespaceStatusStrategy,
  namespaceStrategy,
} from './core/namespace/storage';
import { BindingREST } from './core/pod/binding';
import { EvictionREST } from './core/pod/eviction';
import { StreamREST } from './core/pod/exec';
import { LogREST, type Kubelets } from './core/pod/log';
import { podStatusStrategy, podStrategy } from './core/pod/strategy';
import { serviceStore } from './core/service/storage';
import { persistentVolumeStrategy } from './core/persistentvolume/strategy';
import { persistentVolumeClaimStrategy } from './core/persistentvolumeclaim/strategy';
import { storageClassStrategy } from './storage/storageclass/strategy';
import { ingressStrategy } from './networking/ingress/strategy';
// corpus-policy:
import { roleStrategy } from './rbac/role/strategy';
import { clusterRoleStrategy } from './rbac/clusterrole/strategy';
import { roleBindingStrategy } from './rbac/rolebinding/strategy';
import { clusterRoleBindingStrategy } from './rbac/clusterrolebinding/strategy';
import { priorityClassStrategy } from './scheduling/priorityclass/strategy';
import { podDisruptionBudgetStrategy } from './policy/poddisruptionbudget/strategy';
import { validatingAdmissionPolicyStrategy } from './admissionregistration/validatingadmissionpolicy/strategy';
import { validatingAdmissionPolicyBindingStrategy } from './admissionregistration/validatingadmissionpolicybinding/strategy';
// apf:
import { flowControlStrategy } from './flowcontrol/strategy';
// crd:
import { CustomResourceDefinitionStore } from './apiextensions/customresourcedefinition/strategy';
import type { SubresourceREST } from './rest';
import { ScaleREST } from './scale';
import { StatusREST } from './status';
import { Store } from './store';
import { genericStatusStrategy, genericStrategy, type StatusStrategy } from './strategy';

/** One resource as the API server serves it: its store and its subresources. */
export interface ResourceStorage {
  readonly store: Store;
  readonly subresources: ReadonlyMap<string, SubresourceREST>;
}

interface Deps {
  ctx: StorageContext;
  admission: AdmissionChain;
  kubelets: Kubelets;
  // corpus-policy:
  /** Another resource's store, by plural, once built (the eviction reads the budgets'). */
  storeOf?(plural: string): Store | undefined;
}

/** A resource whose storage differs from the generic store's defaults. */
interface Special {
  store?(info: ResourceInfo, d: Deps): Store;
  status?: StatusStrategy;
  /** Subresources beyond status and scale. */
  extra?(store: Store, d: Deps): [string, SubresourceREST][];
}

/**
 * What each kind brings (k/k: pkg/registry/<group>/rest/storage_<group>.go). A kind with only
 * generic behaviour needs no line here: its entry in `api/resources.ts` and its validation are
 * enough.
 */
const SPECIAL: Record<string, Special> = {
  Pod: {
    store: (info, d) => new Store(d.ctx, info, podStrategy(info), d.admission),
    status: podStatusStrategy,
    extra: (store, d) => [
      ['binding', new BindingREST(store)],
      // corpus-policy: the eviction honours PodDisruptionBudgets.
      ['eviction', new EvictionREST(d.ctx, store, () => d.storeOf?.('poddisruptionbudgets'))],
      ['log', new LogREST(d.ctx, d.kubelets)],
      // exec:
      ['exec', new StreamREST(d.ctx, d.kubelets, 'exec')],
      ['attach', new StreamREST(d.ctx, d.kubelets, 'attach')],
      ['portforward', new StreamREST(d.ctx, d.kubelets, 'portforward')],
    ],
  },
  Namespace: {
    store: (info, d) => new NamespaceStore(d.ctx, info, namespaceStrategy(info), d.admission),
    status: namespaceStatusStrategy,
  },
  Node: {
    store: (info, d) =>
      new Store(d.ctx, info, genericStrategy(info, { tracksGeneration: false }), d.admission),
  },
  Service: { store: (info, d) => serviceStore(d.ctx, info, d.admission) },
  Job: { store: (info, d) => new Store(d.ctx, info, jobStrategy(info), d.admission) },
  Deployment: { status: deploymentStatusStrategy },
  // workloads:
  DaemonSet: { store: (info, d) => new Store(d.ctx, info, daemonSetStrategy(info), d.admission) },
  StatefulSet: {
    store: (info, d) => new Store(d.ctx, info, statefulSetStrategy(info), d.admission),
  },
  CronJob: { store: (info, d) => new Store(d.ctx, info, cronJobStrategy(info), d.admission) },
  // hpa:
  HorizontalPodAutoscaler: {
    store: (info, d) => new Store(d.ctx, info, hpaStrategy(info), d.admission),
  },
  // storage:
  PersistentVolume: {
    store: (info, d) => new Store(d.ctx, info, persistentVolumeStrategy(info), d.admission),
  },
  PersistentVolumeClaim: {
    store: (info, d) => new Store(d.ctx, info, persistentVolumeClaimStrategy(info), d.admission),
  },
  StorageClass: {
    store: (info, d) => new Store(d.ctx, info, storageClassStrategy(info), d.admission),
  },
  // net:
  Ingress: { store: (info, d) => new Store(d.ctx, info, ingressStrategy(info), d.admission) },
  // corpus-policy:
  Role: { store: (info, d) => new Store(d.ctx, info, roleStrategy(info), d.admission) },
  ClusterRole: {
    store: (info, d) => new Store(d.ctx, info, clusterRoleStrategy(info), d.admission),
  },
  RoleBinding: {
    store: (info, d) => new Store(d.ctx, info, roleBindingStrategy(info), d.admission),
  },
  ClusterRoleBinding: {
    store: (info, d) => new Store(d.ctx, info, clusterRoleBindingStrategy(info), d.admission),
  },
  PriorityClass: {
    store: (info, d) => new Store(d.ctx, info, priorityClassStrategy(info), d.admission),
  },
  PodDisruptionBudget: {
    store: (info, d) => new Store(d.ctx, info, podDisruptionBudgetStrategy(info), d.admission),
  },
  ValidatingAdmissionPolicy: {
    store: (info, d) =>
      new Store(d.ctx, info, validatingAdmissionPolicyStrategy(info), d.admission),
  },
  ValidatingAdmissionPolicyBinding: {
    store: (info, d) =>
      new Store(d.ctx, info, validatingAdmissionPolicyBindingStrategy(info), d.admission),
  },
  // apf:
  FlowSchema: {
    store: (info, d) => new Store(d.ctx, info, flowControlStrategy(info), d.admission),
  },
  PriorityLevelConfiguration: {
    store: (info, d) => new Store(d.ctx, info, flowControlStrategy(info), d.admission),
  },
  // crd:
  CustomResourceDefinition: {
    store: (info, d) => new CustomResourceDefinitionStore(d.ctx, info, d.admission),
  },
};

/** The storage of every served resource, by plural. */
export function buildStorage(deps: Deps): Map<string, ResourceStorage> {
  const out = new Map<string, ResourceStorage>();
  // corpus-policy:
  const d: Deps = { ...deps, storeOf: (plural) => out.get(plural)?.store };
  for (const info of RESOURCES) {
    const special = SPECIAL[info.kind] ?? {};
    const store =
      special.store?.(info, d) ?? new Store(d.ctx, info, genericStrategy(info), d.admission);
    const subresources = new Map<string, SubresourceREST>();
    if (info.subresources.includes('status'))
      subresources.set('status', new StatusREST(store, special.status ?? genericStatusStrategy()));
    if (info.subresources.includes('scale')) subresources.set('scale', new ScaleREST(store));
    for (const [name, rest] of special.extra?.(store, d) ?? []) subresources.set(name, rest);
    out.set(info.plural, { store, subresources });
  }
  return out;
}
