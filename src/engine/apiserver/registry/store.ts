import { applyDefaults } from '../../api/defaults';
import { invalidStatus } from '../../api/fielderrors';
import type { ResourceInfo } from '../../api/resources';
import type { KubeObject, Status } from '../../api/types';
import { decodeObject, dropFields, strictDecodingError } from '../../api/decoding';
import { shortKey } from '../../etcd/server';
import type { KeyValue } from '../../etcd/store';
import { generateName } from '../../sim/names';
import type { AdmissionChain } from '../admission/chain';
import type { Attributes } from '../admission/interfaces';
import * as errors from '../errors';
import {
  clone,
  jsonEqual,
  mergePatch,
  patchBase,
  strategicMergePatch,
  threeWayMerge,
  unchangedWrite,
} from '../patch';
import type { ApiRequest, Reply, WatchEventMessage } from '../types';
import type { StorageContext } from './context';
import { shareRepeatedParts, shareUnchanged } from './intern';
import { LAST_APPLIED, withLastApplied } from './lastApplied';
import { getObject, listObjects, watchObjects, type WatchHandle } from './reads';
import { statusPart, statusPatch, type RESTStrategy, type StatusStrategy } from './strategy';

/** k/k FinishFunc: told whether the write that a BeginCreate hook prepared for succeeded. */
export type FinishFunc = (success: boolean) => void;

/** The hooks a resource's storage may set on the generic store (k/k: Store.BeginCreate…). */
export interface StoreHooks {
  /**
   * Runs after validating admission, before the write: reserve what the object needs (a
   * Service's IP and ports). Returns the error text of a refusal, or how to finish.
   */
  beginCreate?(obj: KubeObject): string | FinishFunc;
  /** Runs once the object is gone (a Service's IP and ports return). */
  afterDelete?(obj: KubeObject): void;
}

/**
 * What a write to a subresource changes, on top of the main resource's update (k/k: the
 * status and scale REST objects of `pkg/registry/<group>/<kind>/storage`).
 */
export interface UpdateTarget {
  /** The object the request asks for, from the live one (scale: only `spec.replicas`). */
  next?(live: KubeObject, req: ApiRequest): KubeObject;
  /** The status strategy, when only the status may change. */
  status?: StatusStrategy;
}

/**
 * etcd's `--max-request-bytes` default (1.5 MiB): a larger object is refused by etcd, and the
 * API server passes its error on (kubectl: `Error from server: etcdserver: request is too large`).
 */
const MAX_ETCD_REQUEST_BYTES = 1.5 * 1024 * 1024;
const REQUEST_TOO_LARGE = 'etcdserver: request is too large';

/** Metadata only the API server sets: a write keeps the stored values. */
const SYSTEM_METADATA = [
  'uid',
  'creationTimestamp',
  'namespace',
  'name',
  'generation',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
] as const;

/**
 * The generic registry store (k/k: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/
 * store.go): create, update, delete, get, list and watch for any resource, the same steps for
 * every kind: decode, mutating admission, the strategy's preparation and validation, validating
 * admission, then etcd with compare-and-swap. What differs per kind is its strategy's.
 */
export class Store {
  constructor(
    readonly ctx: StorageContext,
    readonly info: ResourceInfo,
    readonly strategy: RESTStrategy,
    private readonly admission: AdmissionChain,
    readonly hooks: StoreHooks = {},
  ) {}

  /** The etcd key of the object a request names. */
  keyOf(req: ApiRequest): string {
    return this.ctx.key(this.info, req.namespace, req.name!);
  }

  get(req: ApiRequest, reply: Reply): void {
    getObject(this.ctx, this.info, req, reply);
  }

  list(req: ApiRequest, reply: Reply): void {
    listObjects(this.ctx, this.info, req, reply);
  }

  watch(req: ApiRequest, reply: Reply, onEvent: (e: WatchEventMessage) => void): WatchHandle {
    return watchObjects(this.ctx, this.info, req, reply, onEvent);
  }

  /** POST: k/k Store.Create with rest.BeforeCreate. */
  create(req: ApiRequest, reply: Reply): void {
    const { ctx, info, strategy } = this;
    const obj = clone(req.body as KubeObject);
    if (!obj || typeof obj !== 'object')
      return reply({
        code: 400,
        body: errors.badRequest('the body of the request was in an unknown format'),
      });
    const meta = (obj.metadata = obj.metadata ?? {});
    const decoded = decode(obj, req, undefined, strategy);
    if ('refusal' in decoded) return reply(decoded.refusal);
    // Decoding's warnings, then the strategy's, then admission's (a policy binding's `Warn`).
    let warnings = decoded.warnings;
    const admissionWarnings: string[] = [];
    // k/k etcd3 store.Create: a create may not name the version it expects to replace.
    const requestedVersion = meta.resourceVersion;
    if (obj.kind !== info.kind) {
      return reply({
        code: 400,
        body: errors.badRequest(
          `the API version in the data (${obj.apiVersion}) does not match the expected API version (${info.apiVersion})`,
        ),
      });
    }
    if (info.namespaced) {
      if (meta.namespace && req.namespace && meta.namespace !== req.namespace) {
        return reply({
          code: 400,
          body: errors.badRequest(
            'the namespace of the provided object does not match the namespace sent on the request',
          ),
        });
      }
      meta.namespace = meta.namespace ?? req.namespace ?? 'default';
    } else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = generateName(ctx.rng, meta.generateName);

    const attrs: Attributes = {
      operation: 'CREATE',
      resource: info,
      namespace: meta.namespace,
      name: meta.name ?? '',
      object: obj,
      subresource: req.subresource,
      user: req.user,
      dryRun: req.dryRun,
      warnings: admissionWarnings,
    };
    const refused = this.admission.admit(attrs, {
      name: 'defaults',
      run: () => {
        applyDefaults(obj);
        // k/k rest.FillObjectMetaSystemFields.
        meta.uid = ctx.rng.uuid();
        meta.creationTimestamp = ctx.clock.timestamp();
        delete meta.resourceVersion;
        delete meta.deletionTimestamp;
        if (strategy.tracksGeneration && 'spec' in obj) meta.generation = 1;
      },
    });
    if (refused) return reply(refusal(refused));
    strategy.prepareForCreate(obj);

    ctx.stage('validation', `validate ${info.kind} ${meta.name ?? ''}`);
    const errs = strategy.validate(obj);
    if (errs.length > 0)
      return reply({
        code: 422,
        body: invalidStatus(info.group, info.kind, meta.name ?? '', errs),
      });

    // k/k rest.BeforeCreate: the strategy's warnings once the object is valid.
    const warned = strategy.warningsOnCreate?.(obj) ?? [];
    if (warned.length) warnings = [...(warnings ?? []), ...warned];

    const denied = this.admission.validate(attrs);
    if (denied) return reply(refusal(denied));
    if (admissionWarnings.length) warnings = [...(warnings ?? []), ...admissionWarnings];
    const begun = this.hooks.beginCreate?.(obj);
    if (typeof begun === 'string')
      return reply({
        code: 422,
        body: errors.invalid(info, meta.name!, `${info.kind} "${meta.name}" is invalid: ${begun}`),
      });
    if (req.dryRun) {
      // A dry run reserves nothing: what BeginCreate took goes back.
      begun?.(false);
      return reply({ code: 201, body: obj, warnings });
    }
    if (requestedVersion && /^[1-9]\d*$/.test(String(requestedVersion))) {
      begun?.(false);
      return reply({
        code: 500,
        body: errors.internalPlain('resourceVersion should not be set on objects to be created'),
      });
    }

    const key = ctx.key(info, meta.namespace, meta.name!);
    shareRepeatedParts(obj);
    const value = ctx.encode(key, obj);
    if (value.length > MAX_ETCD_REQUEST_BYTES) {
      begun?.(false);
      return reply({ code: 500, body: errors.internalPlain(REQUEST_TOO_LARGE) });
    }
    ctx.etcd.txn(
      key,
      `txn create ${shortKey(key)}`,
      (store) => store.put(key, value, 0),
      (r) => {
        begun?.(r.ok);
        if (!r.ok) return reply({ code: 409, body: errors.alreadyExists(info, meta.name!) });
        reply({ code: 201, body: ctx.live(r.kv!), warnings });
      },
      ctx.etcdTimeout(reply),
    );
  }

  /**
   * PUT, PATCH and apply: k/k Store.Update's GuaranteedUpdate. Read the current object, compute
   * the new one, admit and validate it, then write with compare-and-swap on the mod revision,
   * retrying on a conflict unless the client named the resourceVersion it read.
   */
  update(req: ApiRequest, reply: Reply, target: UpdateTarget = {}, attempt = 0): void {
    const { ctx, info, strategy } = this;
    // The body is decoded first (for a patch, the patch itself, which has the object's shape).
    let body = req.body as KubeObject | undefined;
    let warnings: string[] | undefined;
    const admissionWarnings: string[] = [];
    if (!target.next && isPlainObject(body)) {
      if (req.fieldValidation && req.fieldValidation !== 'Strict') body = clone(body);
      const decoded = decode(body, req, req.verb === 'patch' ? info : undefined, strategy);
      if ('refusal' in decoded) return reply(decoded.refusal);
      warnings = decoded.warnings;
    }
    const name = req.name ?? body?.metadata?.name ?? '';
    const key = ctx.key(info, req.namespace ?? body?.metadata?.namespace, name);
    const current = ctx.etcd.store.get(key);
    const live = current ? ctx.live(current) : undefined;
    if (!current || !live) {
      if (req.verb === 'apply')
        return this.create(
          { ...req, verb: 'create', body: withLastApplied(req.body as KubeObject) },
          reply,
        );
      if (req.verb === 'update' && strategy.allowCreateOnUpdate)
        return this.create({ ...req, verb: 'create' }, reply);
      return reply({ code: 404, body: errors.notFound(info, name) });
    }
    let next: KubeObject;
    if (target.next) next = target.next(live, req);
    else if (req.verb === 'update') {
      // A status write keeps only the body's status and metadata (the status strategy rebuilds
      // the rest from the live object): its spec, a pod's largest part, is not copied.
      next = clone(target.status ? statusPart(body!) : body!);
      const rv = next.metadata?.resourceVersion;
      if (rv && rv !== String(current.modRevision))
        return reply({ code: 409, body: errors.conflict(info, name) });
    } else if (req.verb === 'patch' && target.status) {
      next = statusPatch(live, body, target.status.keepMetadata, req.patchType === 'merge');
    } else if (req.verb === 'patch') {
      next = (
        req.patchType === 'merge'
          ? mergePatch(patchBase(live), body)
          : strategicMergePatch(patchBase(live), body)
      ) as KubeObject;
    } else {
      const applied = withLastApplied(body!);
      const lastText = live.metadata?.annotations?.[LAST_APPLIED];
      const last = lastText ? (JSON.parse(lastText) as KubeObject) : undefined;
      next = threeWayMerge(clone(live), last, applied) as KubeObject;
    }
    const nextMeta = (next.metadata = next.metadata ?? {});
    // A status strategy builds the metadata from the live object's (it takes from next's only
    // what it keeps, none of these): the system fields are the live ones either way.
    if (!target.status)
      for (const f of SYSTEM_METADATA) {
        const v = live.metadata![f];
        if (v === undefined) delete next.metadata[f];
        else (next.metadata as Record<string, unknown>)[f] = v;
      }
    next = target.status
      ? target.status.prepareForUpdate(next, live)
      : strategy.prepareForUpdate(next, live);
    const attrs: Attributes = {
      operation: 'UPDATE',
      resource: info,
      namespace: live.metadata?.namespace,
      name,
      object: next,
      oldObject: live,
      subresource: req.subresource,
      user: req.user,
      dryRun: req.dryRun,
      warnings: admissionWarnings,
    };
    const refused = this.admission.admit(attrs, {
      name: 'defaults',
      run: () => applyDefaults(next, live),
    });
    if (refused) return reply(refusal(refused));
    next.metadata = next.metadata ?? nextMeta;
    const meta = next.metadata;
    if (
      'spec' in next &&
      live.metadata!.generation !== undefined &&
      !jsonEqual(next.spec, live.spec)
    ) {
      meta.generation = (live.metadata!.generation ?? 0) + 1;
    }
    // The parts equal to the live object's are replaced by them first (what the write stores
    // anyway): the comparison below then mostly meets the same objects instead of walking both.
    // A dry run's answer keeps its own objects.
    if (!req.dryRun) shareUnchanged(next, live);
    const unchanged = unchangedWrite(next, live);
    // k/k ShouldDeleteDuringUpdate: the write that removes the last finalizer of an object whose
    // deletion is due (grace period 0) deletes it; other writes to terminating objects do not.
    const finish =
      meta.deletionTimestamp !== undefined &&
      !meta.finalizers?.length &&
      (live.metadata?.finalizers?.length ?? 0) > 0 &&
      (live.metadata?.deletionGracePeriodSeconds ?? 0) === 0;
    if (unchanged && !finish) return reply({ code: 200, body: live, unchanged: true, warnings });

    ctx.stage('validation', `validate ${info.kind} ${name}`);
    const errs = (target.status ?? strategy).validateUpdate(next, live);
    if (errs.length > 0)
      return reply({ code: 422, body: invalidStatus(info.group, info.kind, name, errs) });
    const denied = this.admission.validate(attrs);
    if (denied) return reply(refusal(denied));
    if (admissionWarnings.length) warnings = [...(warnings ?? []), ...admissionWarnings];
    if (req.dryRun) return reply({ code: 200, body: next, warnings });

    delete meta.resourceVersion;
    const value = ctx.encode(key, next);
    if (value.length > MAX_ETCD_REQUEST_BYTES)
      return reply({ code: 500, body: errors.internalPlain(REQUEST_TOO_LARGE) });
    ctx.etcd.txn(
      key,
      `txn ${finish ? 'delete' : 'update'} ${shortKey(key)}`,
      (store) =>
        finish
          ? store.delete(key, current.modRevision)
          : store.put(key, value, current.modRevision),
      (r) => {
        if (!r.ok) {
          if (req.verb === 'update' && body?.metadata?.resourceVersion)
            return reply({ code: 409, body: errors.conflict(info, name) });
          if (attempt < 3) return this.update(req, reply, target, attempt + 1);
          return reply({ code: 409, body: errors.conflict(info, name) });
        }
        if (finish) return reply({ code: 200, body: live, warnings });
        reply({ code: 200, body: ctx.live(r.kv!), warnings });
      },
      ctx.etcdTimeout(reply),
    );
  }

  /**
   * DELETE: k/k Store.Delete. An object with finalizers, or a graceful strategy's object, is
   * only marked (deletionTimestamp); its finalizers' owners or the kubelet remove it later.
   */
  delete(req: ApiRequest, reply: Reply): void {
    const { ctx, info } = this;
    const key = this.keyOf(req);
    const current = ctx.etcd.store.get(key);
    if (!current) return reply({ code: 404, body: errors.notFound(info, req.name!) });
    const live = ctx.live(current);
    const policy = req.propagationPolicy ?? 'Background';
    const finalizers = [...(live.metadata?.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion'))
      finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    const grace = this.strategy.gracePeriod(live, req.gracePeriodSeconds);
    const graceful = grace > 0;
    if (finalizers.length > 0 || graceful) {
      const m0 = live.metadata!;
      const pending = m0.deletionTimestamp !== undefined;
      const newGrace = graceful ? grace : 0;
      // A second delete may only shorten the grace period (k/k: rest.BeforeDelete).
      const shorter = pending && newGrace < (m0.deletionGracePeriodSeconds ?? 0);
      const sameFinalizers = finalizers.length === (m0.finalizers?.length ?? 0);
      if (pending && !shorter && sameFinalizers) return reply({ code: 200, body: live });
      const next = clone(live);
      const m = next.metadata!;
      if (!pending || shorter) {
        m.deletionTimestamp = ctx.clock.timestamp(ctx.clock.now + newGrace * 1000);
        m.deletionGracePeriodSeconds = newGrace;
      }
      if (finalizers.length) m.finalizers = finalizers;
      else delete m.finalizers;
      return this.write(key, current, next, reply, live);
    }
    ctx.etcd.txn(
      key,
      `txn delete ${shortKey(key)}`,
      (store) => store.delete(key, current.modRevision),
      (r) => {
        if (!r.ok) return reply({ code: 409, body: errors.conflict(info, req.name!) });
        this.hooks.afterDelete?.(live);
        reply({ code: 200, body: live });
      },
      ctx.etcdTimeout(reply),
    );
  }

  /** Write `next` over `current` with compare-and-swap, for the store's own changes. */
  write(key: string, current: KeyValue, next: KubeObject, reply: Reply, live: KubeObject): void {
    const { ctx, info } = this;
    delete next.metadata!.resourceVersion;
    shareUnchanged(next, live);
    const value = ctx.encode(key, next);
    ctx.etcd.txn(
      key,
      `txn update ${shortKey(key)}`,
      (store) => store.put(key, value, current.modRevision),
      (r) => {
        if (!r.ok) return reply({ code: 409, body: errors.conflict(info, live.metadata!.name!) });
        reply({ code: 200, body: ctx.live(r.kv!) });
      },
      ctx.etcdTimeout(reply),
    );
  }
}

/**
 * Decode a body as the API server's decoder does: a value of the wrong type is a 400; unknown
 * fields are refused, warned about and dropped, or dropped, as `fieldValidation` asks.
 */
function decode(
  obj: KubeObject,
  req: ApiRequest,
  patchOf?: ResourceInfo,
  strategy?: RESTStrategy,
): { refusal: { code: number; body: Status } } | { warnings: string[] | undefined } {
  const mode = req.fieldValidation;
  // crd: a custom resource's unknown fields are those its schema lacks; they are always pruned.
  if (strategy?.unknownFields) {
    const unknown = strategy.unknownFields(obj, mode !== 'Strict');
    if (unknown.length === 0) return { warnings: undefined };
    if (mode === 'Strict')
      return {
        refusal: {
          code: 400,
          body: errors.badRequest(
            strictDecodingError(
              patchOf ? { ...obj, apiVersion: patchOf.apiVersion, kind: patchOf.kind } : obj,
              unknown,
            ),
          ),
        },
      };
    return {
      warnings:
        mode === 'Warn' ? unknown.map((f) => `unknown field ${JSON.stringify(f)}`) : undefined,
    };
  }
  // A patch names neither kind nor version: it is decoded as the resource's kind.
  // Strategic merge directives (`$setElementOrder/containers`) are the patch's, not fields: the
  // real server checks fields on the patched object, where they are gone.
  const { error, unknown } = decodeObject(obj, mode !== undefined, patchOf !== undefined, patchOf);
  if (error) return { refusal: { code: 400, body: errors.badRequest(error) } };
  if (unknown.length === 0) return { warnings: undefined };
  if (mode === 'Strict') {
    const typed = patchOf ? { ...obj, apiVersion: patchOf.apiVersion, kind: patchOf.kind } : obj;
    return { refusal: { code: 400, body: errors.badRequest(strictDecodingError(typed, unknown)) } };
  }
  dropFields(obj, unknown);
  return {
    warnings:
      mode === 'Warn' ? unknown.map((f) => `unknown field ${JSON.stringify(f)}`) : undefined,
  };
}

function isPlainObject(v: unknown): v is KubeObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function refusal(status: Status): { code: number; body: Status } {
  return { code: status.code!, body: status };
}
