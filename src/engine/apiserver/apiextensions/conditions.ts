import type {
  CustomResourceDefinition,
  CustomResourceDefinitionCondition,
} from 'kubernetes-types/apiextensions/v1';
import type { DeepMutable } from '../../api/types';
import type { ApiRequest, ApiResponse } from '../types';

export type Crd = DeepMutable<CustomResourceDefinition>;
type Condition = DeepMutable<CustomResourceDefinitionCondition>;

/** k/k apiextensionshelpers.IsCRDConditionTrue. */
export function isConditionTrue(crd: Crd | undefined, type: string): boolean {
  return crd?.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

/**
 * k/k apiextensionshelpers.SetCRDCondition: replaces the condition of its type, keeping its
 * lastTransitionTime when the status does not change; a new type is appended.
 */
export function setCondition(crd: Crd, cond: Condition): void {
  const status = (crd.status ??= {} as NonNullable<Crd['status']>);
  const list = (status.conditions ??= []);
  const i = list.findIndex((c) => c.type === cond.type);
  if (i < 0) return void list.push(cond);
  const old = list[i];
  list[i] = {
    ...cond,
    lastTransitionTime:
      old.status === cond.status ? old.lastTransitionTime : cond.lastTransitionTime,
  };
}

/** What the apiextensions controllers need from the kube-apiserver they run in. */
export interface ApiExtensionsHost {
  /** The stored CRD by name (the informer's cache: the watch cache here). */
  crd(name: string): Crd | undefined;
  /** Every stored CRD. */
  crds(): Crd[];
  /** A request kube-apiserver makes of itself over its loopback client (traced). */
  request(req: ApiRequest, cb: (r: ApiResponse) => void): void;
  /** Run `fn` after `ms` of virtual time. */
  after(ms: number, fn: () => void): void;
  /** The current virtual instant as an RFC 3339 timestamp. */
  timestamp(): string;
}

/**
 * The work queue every apiextensions controller has (k/k: workqueue keyed by CRD name): a name
 * queued twice before it is processed is reconciled once.
 */
export class CrdQueue {
  private readonly pending = new Set<string>();

  constructor(
    private readonly host: ApiExtensionsHost,
    private readonly reconcile: (name: string) => void,
  ) {}

  add(name: string): void {
    if (this.pending.has(name)) return;
    this.pending.add(name);
    this.host.after(0, () => {
      this.pending.delete(name);
      this.reconcile(name);
    });
  }
}

/** PUT the CRD's status (customresourcedefinitions/status). */
export function updateStatus(host: ApiExtensionsHost, crd: Crd, done?: () => void): void {
  host.request(
    {
      verb: 'update',
      resource: 'customresourcedefinitions',
      subresource: 'status',
      name: crd.metadata!.name!,
      body: crd,
    },
    () => done?.(),
  );
}
