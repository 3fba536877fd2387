/** The networking.k8s.io/v1 kinds as the engine stores them (mutable, like ./types). */
import type * as networking from 'kubernetes-types/networking/v1';
import type { DeepMutable } from './types';

export type Ingress = DeepMutable<networking.Ingress>;
export type IngressClass = DeepMutable<networking.IngressClass>;
export type NetworkPolicy = DeepMutable<networking.NetworkPolicy>;
