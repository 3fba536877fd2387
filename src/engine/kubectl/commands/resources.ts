/**
 * kubectl's resource builder, the part that reads `TYPE NAME…`, `TYPE/NAME…`, `TYPE1,TYPE2` and
 * `all` from the command line, and the fetches every command shares.
 * k8s: staging/src/k8s.io/cli-runtime/pkg/resource/builder.go
 */
import type { ApiResponse, ListBody } from '../../apiserver/types';
import { HPA_V1 } from '../../api/hpaV1';
import { RESOURCES, resourceForName, type ResourceInfo } from '../../api/resources';
import type { KubeObject, Status } from '../../api/types';
import { apiError, eachInOrder, type CommandContext } from './context';

/** ComponentStatus: served at /api/v1/componentstatuses but not stored in etcd. */
export const COMPONENT_STATUS: ResourceInfo = {
  kind: 'ComponentStatus',
  apiVersion: 'v1',
  group: '',
  version: 'v1',
  plural: 'componentstatuses',
  singular: 'componentstatus',
  shortNames: ['cs'],
  namespaced: false,
  etcdPrefix: '',
  subresources: [],
  kubectlType: 'componentstatus',
};

/** Every resource kubectl knows here (the API's table plus componentstatuses). */
export const ALL_RESOURCES: readonly ResourceInfo[] = [...RESOURCES, COMPONENT_STATUS];

/** `all` in kubectl v1.31, the kinds this cluster serves, in kubectl's order. */
// quota: replicationcontrollers follows pods, as the core group lists it in discovery.
const ALL_CATEGORY = [
  'pods',
  'replicationcontrollers',
  'services',
  'deployments',
  'replicasets',
  'jobs',
];

/**
 * kubectl's lookup of a resource name: plural, singular, short name, and the qualified forms
 * `resource.group` (`deployments.apps`) and `resource.version.group` (`deployment.v1.apps`,
 * `pods.v1.` for the core group), tried fully specified first as kubectl does.
 * k8s: apimachinery/pkg/runtime/schema ParseResourceArg; cli-runtime builder mappingFor.
 */
export function lookupResource(
  name: string,
  custom: readonly ResourceInfo[] = [],
): ResourceInfo | undefined {
  const n = name.toLowerCase();
  if (['cs', 'componentstatus', 'componentstatuses'].includes(n)) return COMPONENT_STATUS;
  const direct = resourceForName(n);
  if (direct) return direct;
  // crd: the custom resources discovery lists, by the same names (k8s: restmapper's
  // shortcut expander and the CRD's names).
  const found = lookupCustom(n, custom);
  if (found) return found;
  const dot = n.indexOf('.');
  if (dot <= 0) return undefined;
  const first = n.slice(0, dot);
  const base = resourceForName(first);
  if (!base) return undefined;
  const rest = n.slice(dot + 1);
  const dot2 = rest.indexOf('.');
  if (dot2 < 0) return rest === base.group && base.group !== '' ? base : undefined;
  // `resource.version.group`. A short name is expanded without its version, so any version
  // reads the preferred one (`hpa.v1.autoscaling` is autoscaling/v2); a full name must name a
  // served version (`horizontalpodautoscalers.v1.autoscaling` is autoscaling/v1).
  // k8s: client-go restmapper/shortcut.go expandResourceShortcut.
  const [version, group] = [rest.slice(0, dot2), rest.slice(dot2 + 1)];
  if (group !== base.group) return undefined;
  if (base.shortNames.includes(first)) return base;
  if (version === base.version) return base;
  // hpa: autoscaling/v1 is served too, converted from the stored v2.
  if (base.kind === HPA_V1.kind && version === HPA_V1.version) return HPA_V1;
  return undefined;
}

/** crd: a custom resource by plural, singular, kind, short name, or any of them `.group`. */
function lookupCustom(n: string, custom: readonly ResourceInfo[]): ResourceInfo | undefined {
  for (const x of custom) {
    const names = [x.plural, x.singular, x.kind.toLowerCase(), ...x.shortNames];
    for (const base of names) {
      if (n === base || n === `${base}.${x.group}` || n === `${base}.${x.version}.${x.group}`)
        return x;
    }
  }
  return undefined;
}

/** The error for an unknown type. */
export function unknownType(name: string): string {
  // kubectl names the resource part (schema.ParseGroupResource): `foo` of `foo.bar`.
  return `error: the server doesn't have a resource type "${name.split('.')[0]}"`;
}

/** One type asked for, with the names given for it (none = the whole collection). */
export interface ResourceRequest {
  info: ResourceInfo;
  names: string[];
  /** Part of `all`: printed with `kind/` names and skipped when empty. */
  fromAll?: boolean;
}

/**
 * Reads `TYPE [NAME…]`, `TYPE1,TYPE2 [NAME…]` or `TYPE/NAME…`.
 * @returns the requests in order, or kubectl's error text.
 */
export function parseResourceArgs(
  args: string[],
  custom: readonly ResourceInfo[] = [],
): ResourceRequest[] | { error: string } {
  if (args.length === 0) return [];
  if (args[0].includes('/')) {
    const out: ResourceRequest[] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0) {
        return {
          error: `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        };
      }
      const type = a.slice(0, slash);
      const name = a.slice(slash + 1);
      const info = lookupResource(type, custom);
      if (!info) return { error: unknownType(type) };
      if (!name)
        return {
          error: `error: arguments in resource/name form must have a single resource and name`,
        };
      const prev = out.find((r) => r.info === info);
      if (prev) prev.names.push(name);
      else out.push({ info, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  if (names.some((n) => n.includes('/'))) {
    return {
      error: `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
    };
  }
  const out: ResourceRequest[] = [];
  for (const t of types.split(',').filter(Boolean)) {
    if (t.toLowerCase() === 'all') {
      for (const p of ALL_CATEGORY) {
        const info = lookupResource(p)!;
        if (!out.some((r) => r.info === info)) out.push({ info, names: [...names], fromAll: true });
      }
      continue;
    }
    const info = lookupResource(t, custom);
    if (!info) return { error: unknownType(t) };
    if (!out.some((r) => r.info === info)) out.push({ info, names: [...names] });
  }
  return out;
}

/** What a list fetch selects. */
export interface ListOptions {
  /** undefined: every namespace. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** LIST a collection. `cb` gets the items and the list's resourceVersion, or the response. */
export function listObjects(
  ctx: CommandContext,
  info: ResourceInfo,
  opts: ListOptions,
  cb: (items: KubeObject[], resourceVersion: string) => void,
  fail: (r: ApiResponse) => void,
): void {
  ctx.request(
    {
      verb: 'list',
      resource: info.plural,
      namespace: info.namespaced ? opts.namespace : undefined,
      labelSelector: opts.labelSelector || undefined,
      fieldSelector: opts.fieldSelector || undefined,
    },
    (r) => {
      if (r.code !== 200) return fail(listError(r, info, opts));
      const body = r.body as ListBody;
      cb(body.items, body.metadata.resourceVersion);
    },
  );
}

/**
 * A list's BadRequest or NotFound, reworded as kubectl's resource builder rewords it (without
 * hiding that it is an API error): `Unable to find "apps/v1, Resource=deployments" that match
 * label selector "a=b", field selector "": …`, or `Unable to list "…": …` without selectors.
 * k8s: cli-runtime/pkg/resource/selector.go Selector.Visit.
 */
function listError(r: ApiResponse, info: ResourceInfo, opts: ListOptions): ApiResponse {
  const body = r.body as Status | undefined;
  if ((r.code !== 400 && r.code !== 404) || body?.kind !== 'Status') return r;
  const gvr = `"${info.group}/${info.version}, Resource=${info.plural}"`;
  const label = opts.labelSelector ?? '';
  const field = opts.fieldSelector ?? '';
  const message =
    label || field
      ? `Unable to find ${gvr} that match label selector "${label}", field selector "${field}": ${body.message}`
      : `Unable to list ${gvr}: ${body.message}`;
  return { ...r, body: { ...body, message } };
}

/** GET one object; `cb` gets it, or `fail` the error response. */
export function getObject(
  ctx: CommandContext,
  info: ResourceInfo,
  namespace: string,
  name: string,
  cb: (obj: KubeObject) => void,
  fail: (r: ApiResponse) => void,
): void {
  ctx.request(
    {
      verb: 'get',
      resource: info.plural,
      namespace: info.namespaced ? namespace : undefined,
      name,
    },
    (r) => (r.code === 200 ? cb(r.body as KubeObject) : fail(r)),
  );
}

/**
 * GETs each named object of one type in the current namespace, one after another, as kubectl's
 * resource builder visits `TYPE NAME1 NAME2`. `found` gets each object. A failed GET goes to
 * `failed` with its response, the name and the function that goes on; given an array instead,
 * the error line is added to it and the next name follows.
 */
export function getNamedObjects(
  ctx: CommandContext,
  info: ResourceInfo,
  names: readonly string[],
  found: (obj: KubeObject) => void,
  failed: string[] | ((r: ApiResponse, name: string, next: () => void) => void),
  done: () => void,
): void {
  eachInOrder(
    names,
    (name, next) =>
      getObject(
        ctx,
        info,
        ctx.namespace,
        name,
        (obj) => {
          found(obj);
          next();
        },
        (r) => {
          if (typeof failed === 'function') return failed(r, name, next);
          failed.push(apiError(r));
          next();
        },
      ),
    done,
  );
}

/** `deployment.apps/web`, as kubectl names an object in its messages. */
export function objectRef(info: ResourceInfo, name: string): string {
  return `${info.kubectlType}/${name}`;
}

/**
 * Reads the one `TYPE NAME` or `TYPE/NAME` a command like `scale` or `rollout` takes.
 * @returns the type and name, or the error text.
 */
export function singleResource(
  args: string[],
): { info: ResourceInfo; name: string; rest: string[] } | { error: string } {
  if (args.length === 0) return { error: 'required resource not specified' };
  if (args[0].includes('/')) {
    const [type, name] = [
      args[0].slice(0, args[0].indexOf('/')),
      args[0].slice(args[0].indexOf('/') + 1),
    ];
    const info = lookupResource(type);
    if (!info) return { error: unknownType(type) };
    return { info, name, rest: args.slice(1) };
  }
  const info = lookupResource(args[0]);
  if (!info) return { error: unknownType(args[0]) };
  if (args.length < 2) return { error: 'resource(s) were provided, but no name was specified' };
  return { info, name: args[1], rest: args.slice(2) };
}
