import type { ResourceInfo } from '../../api/resources';
import type { KubeObject, Status } from '../../api/types';
import type { UserInfo } from '../types';

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
  /** `status`, `scale`…: a write to a subresource (rules naming `deployments` do not match it). */
  readonly subresource?: string;
  /** Who asked (k/k GetUserInfo); unset for the API server's own writes. */
  readonly user?: UserInfo;
  readonly dryRun?: boolean;
  /** `Warning:` headers a plugin adds to the response (k/k warning.AddWarning). */
  readonly warnings?: string[];
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
  /**
   * The stored webhook configurations, ValidatingAdmissionPolicies and their bindings, of a kind
   * (the admission plugins' informers), in name order.
   */
  admissionConfigurations?(kind: string): KubeObject[];
  /** The resource of a policy's paramKind, if the API server serves it (built in or custom). */
  paramResource?(apiVersion: string, kind: string): ResourceInfo | undefined;
  /** The stored objects of a resource: in a namespace, or (undefined) all of them. */
  objectsOf?(resource: ResourceInfo, namespace: string | undefined): KubeObject[];
}
