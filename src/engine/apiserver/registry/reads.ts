import { supportedFieldLabels, type ParsedFieldSelector } from '../../api/labels';
import { customFieldGetters } from '../../api/fieldselectors';
import {
  parseFieldSelector,
  parseLabelSelector,
  matchesFieldSelector,
  matchesParsedSelector,
} from '../../api/labels';
import { type ResourceInfo } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import * as errors from '../errors';
import type { ApiRequest, Reply, WatchEventMessage } from '../types';
import type { StorageContext } from './context';

/** A client's open watch, as the API server holds it. */
export interface WatchHandle {
  stop(): void;
}

/** GET one object; `view` turns it into what a subresource serves (a Scale). */
export function getObject(
  s: StorageContext,
  info: ResourceInfo,
  req: ApiRequest,
  reply: Reply,
  view: (obj: KubeObject) => KubeObject = (obj) => obj,
): void {
  const key = s.key(info, req.namespace, req.name!);
  s.etcd.range(
    key,
    (r) => {
      const kv = r.kvs.find((k) => k.key === key);
      if (!kv) return reply({ code: 404, body: errors.notFound(info, req.name!) });
      reply({ code: 200, body: view(s.live(kv)) });
    },
    s.etcdTimeout(reply),
    key,
  );
}

export function listObjects(
  s: StorageContext,
  info: ResourceInfo,
  req: ApiRequest,
  reply: Reply,
): void {
  let labels: ReturnType<typeof parseLabelSelector> | undefined;
  let fields: ReturnType<typeof parseFieldSelector> | undefined;
  try {
    labels = req.labelSelector ? parseLabelSelector(req.labelSelector) : undefined;
    fields = req.fieldSelector ? parseFieldSelector(req.fieldSelector) : undefined;
    checkFieldLabels(info, fields);
  } catch (e) {
    return reply({ code: 400, body: errors.badRequest((e as Error).message) });
  }
  s.etcd.range(
    s.prefix(info, req.namespace),
    (r) => {
      const items: KubeObject[] = [];
      for (const kv of r.kvs) {
        const obj = s.live(kv);
        if (labels && !matchesParsedSelector(obj.metadata?.labels, labels)) continue;
        if (fields && !matchesFieldSelector(obj, fields)) continue;
        items.push(obj);
      }
      reply({
        code: 200,
        body: {
          apiVersion: info.apiVersion,
          kind: `${info.kind}List`,
          metadata: { resourceVersion: String(r.revision) },
          items,
        },
      });
    },
    s.etcdTimeout(reply),
    onlyKey(s, info, req, fields),
  );
}

export function watchObjects(
  s: StorageContext,
  info: ResourceInfo,
  req: ApiRequest,
  reply: Reply,
  onEvent: (e: WatchEventMessage) => void,
): WatchHandle {
  let labels: ReturnType<typeof parseLabelSelector> | undefined;
  let fields: ReturnType<typeof parseFieldSelector> | undefined;
  try {
    labels = req.labelSelector ? parseLabelSelector(req.labelSelector) : undefined;
    fields = req.fieldSelector ? parseFieldSelector(req.fieldSelector) : undefined;
    checkFieldLabels(info, fields);
  } catch (e) {
    reply({ code: 400, body: errors.badRequest((e as Error).message) });
    return { stop() {} };
  }
  const from = Number(req.resourceVersion ?? '0') || 0;
  const added = s.cache.add({
    prefix: req.name ? s.key(info, req.namespace, req.name) : s.prefix(info, req.namespace),
    fromRevision: from,
    labels,
    fields,
    send: (ev) => onEvent(ev),
  });
  if ('tooOld' in added) {
    reply({
      code: 410,
      body: errors.gone(`too old resource version: ${from} (${added.tooOld})`),
    });
    return { stop() {} };
  }
  reply({ code: 200 });
  return { stop: () => s.cache.remove(added.id) };
}

/**
 * The one key a list can return, when its field selector pins `metadata.name` and the list is
 * cluster-scoped or in one namespace (a kube-proxy watching its own Node).
 */
function onlyKey(
  s: StorageContext,
  info: ResourceInfo,
  req: ApiRequest,
  fields: ParsedFieldSelector | undefined,
): string | undefined {
  if (info.namespaced && !req.namespace) return undefined;
  const r = fields?.requirements.find((x) => x.field === 'metadata.name' && x.operator === '=');
  if (!r || r.value === '' || r.value.includes('/')) return undefined;
  return s.key(info, req.namespace, r.value);
}

/** The API refuses a field selector on a field it does not index for the kind (400). */
function checkFieldLabels(info: ResourceInfo, fields: ParsedFieldSelector | undefined): void {
  if (!fields) return;
  // crd: a custom resource selects on its version's selectableFields.
  const version = info.crd?.spec.versions.find((v) => v.name === info.version);
  if (info.crd) fields.getters = customFieldGetters(version?.selectableFields ?? []);
  const supported = fields.getters ? Object.keys(fields.getters) : supportedFieldLabels(info.kind);
  for (const r of fields.requirements) {
    if (!supported.includes(r.field)) throw new Error(`field label not supported: ${r.field}`);
  }
}
