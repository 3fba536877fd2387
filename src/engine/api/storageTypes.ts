/**
 * The storage and networking kinds (storage.k8s.io/v1 StorageClass, core/v1 PersistentVolume and
 * PersistentVolumeClaim, networking.k8s.io/v1 Ingress and NetworkPolicy), mutable as the
 * engine's other object types are.
 */
import type * as core from 'kubernetes-types/core/v1';
import type * as storage from 'kubernetes-types/storage/v1';
import type * as networking from 'kubernetes-types/networking/v1';
import type { DeepMutable } from './types';

export type StorageClass = DeepMutable<storage.StorageClass>;
export type PersistentVolume = DeepMutable<core.PersistentVolume>;
export type PersistentVolumeSpec = DeepMutable<core.PersistentVolumeSpec>;
export type PersistentVolumeClaim = DeepMutable<core.PersistentVolumeClaim>;
export type PersistentVolumeClaimSpec = DeepMutable<core.PersistentVolumeClaimSpec>;
export type Ingress = DeepMutable<networking.Ingress>;
export type NetworkPolicy = DeepMutable<networking.NetworkPolicy>;
