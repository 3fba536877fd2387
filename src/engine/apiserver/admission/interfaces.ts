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
}
