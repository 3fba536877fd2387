import type { FieldError } from '../../api/fielderrors';
import type { ResourceInfo } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import { validateObject } from '../../api/validation';
import { podTemplateWarnings } from '../../api/podWarnings';
import { clone, emptyLike, mergePatch, patchBase, strategicMergePatch } from '../patch';

/**
 * What a resource brings to the generic store (k/k: staging/src/k8s.io/apiserver/pkg/registry/
 * rest/create.go RESTCreateStrategy, update.go RESTUpdateStrategy, delete.go
 * RESTGracefulDeleteStrategy). The store runs the same steps for every kind; the strategy says
 * what differs.
 */
export interface RESTStrategy {
  /**
   * Whether `metadata.generation` starts at 1 on create, for objects with a spec (the workload
   * strategies set it; Pod, Node, Namespace and Service do not).
   */
  readonly tracksGeneration: boolean;
  /** k/k AllowCreateOnUpdate: a PUT to a missing object creates it. */
  readonly allowCreateOnUpdate: boolean;
  /** k/k PrepareForCreate: what the registry sets on a new object (status, derived fields). */
  prepareForCreate(obj: KubeObject): void;
  /**
   * k/k PrepareForUpdate and GetResetFields: fields a write to the main resource may not
   * change are reset from the old object (the status, for kinds with a status subresource).
   */
  prepareForUpdate(next: KubeObject, old: KubeObject): KubeObject;
  /** k/k Validate: the field errors of a new object; empty means valid. */
  validate(obj: KubeObject): FieldError[];
  /**
   * k/k WarningsOnCreate: what the API server warns of in a valid new object (kubectl prints
   * each as `Warning: <text>`).
   */
  warningsOnCreate?(obj: KubeObject): string[];
  /** k/k ValidateUpdate: the field errors of a change, immutable fields included. */
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  /**
   * k/k CheckGracefulDelete: the grace period of a delete in seconds, or 0 when the object goes
   * at once (only pods are deleted gracefully).
   */
  gracePeriod(obj: KubeObject, requested: number | undefined): number;
  /**
   * crd: the fields the kind does not have, removed when `drop` (a custom resource's are those
   * its schema does not specify: k/k pruning). Without it the decoder's Go structs decide.
   */
  unknownFields?(obj: KubeObject, drop: boolean): string[];
}

/**
 * The strategy of a status subresource (k/k: `<kind>StatusStrategy`): a write changes the status
 * only, plus the metadata its kind allows; the spec-free status is not validated here.
 */
export interface StatusStrategy {
  /** The metadata fields a status write may change; prepareForUpdate reads no other of them. */
  readonly keepMetadata: readonly string[];
  prepareForUpdate(next: KubeObject, old: KubeObject): KubeObject;
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
}

/**
 * The strategy most kinds use: validation from `api/validation`, status reset when the kind has
 * a status subresource, generation tracked, no graceful deletion.
 */
export function genericStrategy(
  info: ResourceInfo,
  overrides: Partial<RESTStrategy> = {},
): RESTStrategy {
  const hasStatus = info.subresources.includes('status');
  return {
    tracksGeneration: true,
    allowCreateOnUpdate: false,
    prepareForCreate() {},
    prepareForUpdate(next, old) {
      if (hasStatus) next.status = clone(old.status);
      return next;
    },
    warningsOnCreate: (obj) => podTemplateWarnings(obj),
    validate: (obj) => validateObject(obj),
    validateUpdate: (obj, old) => validateObject(obj, old),
    gracePeriod: () => 0,
    ...overrides,
  };
}

/**
 * The status strategy most kinds use (k/k: e.g. replicaSetStatusStrategy): keep the old object,
 * take the new status, and let through only the metadata `keepMetadata` names.
 */
export function genericStatusStrategy(keepMetadata: readonly string[] = []): StatusStrategy {
  return {
    keepMetadata,
    prepareForUpdate(next, old) {
      const meta: Record<string, unknown> = {};
      for (const f of keepMetadata) {
        const v = (next.metadata as Record<string, unknown> | undefined)?.[f];
        if (v !== undefined && v !== null) meta[f] = v;
      }
      // `{ ...clone(old), status, metadata }` without copying the old status (replaced) or
      // the metadata twice: the same keys in the same order. A frozen field (the live object's,
      // deep-frozen since it was encoded or decoded: see encodeObject) is shared, not copied: a
      // status write leaves it as it is, and the encoder then reuses its JSON, so a pod's spec
      // is neither copied nor serialised again on each of its status writes.
      const o = old as unknown as Record<string, unknown>;
      const out = emptyLike(o);
      for (const k of Object.keys(o)) {
        const v = o[k];
        if (k !== 'status' && k !== 'metadata')
          out[k] = typeof v === 'object' && v !== null && !Object.isFrozen(v) ? clone(v) : v;
        else out[k] = undefined;
      }
      out.status = next.status;
      // The metadata is copied once, not copied and then spread again; its frozen fields (owner
      // references, labels…) are shared as patchBase shares them: nothing writes into them,
      // and shareUnchanged would put the live ones back anyway.
      const metadata = patchBase(old.metadata!) as Record<string, unknown>;
      for (const k of Object.keys(meta)) metadata[k] = meta[k];
      out.metadata = metadata;
      return out as KubeObject;
    },
    validateUpdate: () => [],
  };
}

/**
 * `mergePatch(patchBase(live), patch)` (or the strategic merge patch) as far as a status strategy
 * reads it: the status, and the metadata only when the strategy keeps some of it. scale: a
 * kubelet's pod (merge) and node (strategic) status patches no longer copy the object's top
 * level and metadata for the strategy to build them again.
 */
export function statusPatch(
  live: KubeObject,
  patch: unknown,
  keepMetadata: readonly string[],
  merge: boolean,
): KubeObject {
  const whole = () =>
    (merge
      ? mergePatch(patchBase(live), patch)
      : strategicMergePatch(patchBase(live), patch)) as KubeObject;
  if (!isPlain(patch) || keepMetadata.length > 0) return whole();
  // A strategic patch's top-level directives ($patch, $retainKeys…) may touch the status too.
  if (!merge) for (const k in patch) if (k.charCodeAt(0) === 36) return whole();
  const base = live.status as unknown;
  // patchBase shares a frozen status (the live object's always is) and copies any other.
  const status =
    typeof base === 'object' && base !== null && !Object.isFrozen(base) ? clone(base) : base;
  const out = { metadata: {} } as Record<string, unknown>;
  if (!Object.hasOwn(patch, 'status')) out.status = status;
  else {
    const v = (patch as Record<string, unknown>).status;
    if (v === null) return out as unknown as KubeObject;
    const merged = merge ? mergePatch(status, v) : strategicMergePatch(status, v, 'status');
    if (merge || merged !== undefined) out.status = merged;
  }
  return out as unknown as KubeObject;
}

/** The parts of a body a status strategy reads, in the body's key order. */
export function statusPart(body: KubeObject): KubeObject {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(body))
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata' || k === 'status')
      out[k] = (body as Record<string, unknown>)[k];
  return out as KubeObject;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
