import type { ResourceInfo } from '../../api/resources';
import type { KubeObject, Status } from '../../api/types';

/** k/k admission.Operation. */
export type Operation = 'CREATE' | 'UPDATE';

/** k/k admission.Attributes: what a plugin learns of the request. */
export interface Attributes {
  readonly operation: Operation;
  readonly resource: ResourceInfo;
  readonly namespace: string | undefined;
  readonly name: string;
  /** The object being written; mutating plugins change it in place. */
  readonly object: KubeObject;
  readonly oldObject?: KubeObject;
}

/**
 * A mutating admission plugin (k/k admission.MutationInterface). `mutates: false` marks a plugin
 * that only decides (NamespaceLifecycle): it runs before the object is filled in, so a request it
 * refuses changes nothing, not even the seeded random sequence.
 */
export interface MutatingPlugin {
  readonly name: string;
  readonly operations: readonly Operation[];
  readonly mutates: boolean;
  /** Change the object, or refuse the request with the Status the client gets. */
  admit(a: Attributes): Status | undefined;
}

/** A validating admission plugin (k/k admission.ValidationInterface): it may only refuse. */
export interface ValidatingPlugin {
  readonly name: string;
  readonly operations: readonly Operation[];
  validate(a: Attributes): Status | undefined;
}

/** What plugins look up in the cluster (k/k: the informers a plugin is initialized with). */
export interface AdmissionLookups {
  namespace(name: string): KubeObject | undefined;
  serviceAccount(namespace: string, name: string): KubeObject | undefined;
  /** storage: every StorageClass (DefaultStorageClass). */
  storageClasses?(): KubeObject[];
  // quota: what ResourceQuota and LimitRanger look up.
  /** The namespace's ResourceQuotas (an index the API server keeps, so a pod create stays cheap). */
  resourceQuotas?(namespace: string): KubeObject[];
  /** The namespace's LimitRanges. */
  limitRanges?(namespace: string): KubeObject[];
  /** The stored objects of a resource in a namespace (read only when a quota covers them). */
  objectsIn?(resource: ResourceInfo, namespace: string): KubeObject[];
  /** The stored object at an etcd key. */
  object?(key: string): KubeObject | undefined;
  /** The virtual clock, in ms. */
  now?(): number;
  // corpus-policy:
  /** Every stored PriorityClass (the Priority plugin's lister). */
  priorityClasses?(): KubeObject[];
  // apf:
  /** The stored Validating/MutatingWebhookConfigurations (the webhook plugins' informers). */
  webhookConfigurations?(kind: string): KubeObject[];
}
