/**
 * OpenAPI v2 (`/openapi/v2`) and v3 (`/openapi/v3`, `/openapi/v3/<group-version>`) documents for
 * the served kinds, built from the JSON Schema the editor validates manifests with (one source for
 * both), with kube-apiserver's operations and query parameters.
 *
 * What kubectl v1.31 reads here: its QueryParamVerifierV3 looks for a PATCH operation tagged with
 * the kind's `x-kubernetes-group-version-kind` that takes `fieldValidation` (and `dryRun`); when
 * it finds one, it leaves validation to the server (k8s: cli-runtime/pkg/resource/
 * query_param_verifier_v3.go). PATCH operations here carry no requestBody: the schemas have no
 * `x-kubernetes-patch-merge-key`, so kubectl must compute apply's strategic merge patch from its
 * compiled-in types rather than from these documents (kubectl/pkg/cmd/apply/patcher.go
 * gvkSupportsPatchOpenAPIV3 then says no).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESOURCES, type ResourceInfo } from '../engine/api/resources';
import { KUBE_VERSION } from '../engine/kubectl/commands/version';
import { groupVersions } from './discovery';

type Json = Record<string, unknown>;

const SCHEMA_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../ui/editor/schemas/generated/kubernetes.schema.json',
);

let definitions: Json | undefined;

/** The editor's definitions (made by `npm run schemas`), read once. */
function schemaDefinitions(): Json {
  if (definitions) return definitions;
  const defs = (JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { definitions: Json }).definitions;
  // Each kind's schema names its group-version-kind, where `kubectl explain` looks it up.
  for (const r of RESOURCES) {
    const d = defs[r.kind] as Json | undefined;
    if (d)
      defs[r.kind] = {
        ...d,
        'x-kubernetes-group-version-kind': [{ group: r.group, version: r.version, kind: r.kind }],
      };
  }
  definitions = defs;
  return defs;
}

function param(name: string, type = 'string', where = 'query'): Json {
  return { name, in: where, type, uniqueItems: true };
}

const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map((n) => param(n));
const LIST_PARAMS = [
  ...['labelSelector', 'fieldSelector', 'resourceVersion', 'continue'].map((n) => param(n)),
  ...['watch', 'allowWatchBookmarks'].map((n) => param(n, 'boolean')),
  ...['limit', 'timeoutSeconds'].map((n) => param(n, 'integer')),
];

/** Operations of one path, each tagged with the kind it serves. */
function operations(info: ResourceInfo, item: boolean, v3: boolean): Json {
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const ref = v3 ? `#/components/schemas/${info.kind}` : `#/definitions/${info.kind}`;
  const ok = v3
    ? { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: ref } } } } }
    : { '200': { description: 'OK', schema: { $ref: ref } } };
  const op = (action: string, id: string, params: Json[]): Json => ({
    operationId: `${id}${info.kind}`,
    parameters: v3 ? params.map(toV3Param) : params,
    responses: ok,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });
  if (!item)
    return {
      get: op('list', 'list', LIST_PARAMS),
      post: op('post', 'create', WRITE_PARAMS),
    };
  return {
    get: op('get', 'read', []),
    put: op('put', 'replace', WRITE_PARAMS),
    patch: op('patch', 'patch', [...WRITE_PARAMS, param('force', 'boolean')]),
    delete: op(
      'delete',
      'delete',
      ['gracePeriodSeconds', 'propagationPolicy'].map((n) => param(n)),
    ),
  };
}

function toV3Param(p: Json): Json {
  const { type, ...rest } = p;
  return { ...rest, schema: { type } };
}

/** The REST paths of one resource (namespaced paths under `namespaces/{namespace}`). */
function pathsOf(info: ResourceInfo, v3: boolean): Json {
  const base = info.group ? `/apis/${info.apiVersion}` : '/api/v1';
  const scope = info.namespaced ? `${base}/namespaces/{namespace}` : base;
  return {
    [`${scope}/${info.plural}`]: operations(info, false, v3),
    [`${scope}/${info.plural}/{name}`]: operations(info, true, v3),
  };
}

/** The definitions with `$ref`s pointing where the document keeps them. */
function rewriteRefs(defs: Json, to: string): Json {
  return JSON.parse(JSON.stringify(defs).replaceAll('"#/definitions/', `"${to}`)) as Json;
}

let v2: string | undefined;

/** `GET /openapi/v2`: the Swagger 2.0 document (JSON; kubectl asks for protobuf and falls back). */
export function openApiV2(): string {
  v2 ??= JSON.stringify({
    swagger: '2.0',
    info: { title: 'Kubernetes', version: KUBE_VERSION },
    paths: Object.assign({}, ...RESOURCES.map((r) => pathsOf(r, false))),
    definitions: schemaDefinitions(),
  });
  return v2;
}

const v3Docs = new Map<string, string>();

/** `GET /openapi/v3/<api/v1|apis/apps/v1>`: one group-version's OpenAPI 3.0 document. */
export function openApiV3(groupVersion: string): string | undefined {
  if (!groupVersions().includes(groupVersion)) return undefined;
  let doc = v3Docs.get(groupVersion);
  if (!doc) {
    doc = JSON.stringify({
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: KUBE_VERSION },
      paths: Object.assign(
        {},
        ...RESOURCES.filter((r) => r.apiVersion === groupVersion).map((r) => pathsOf(r, true)),
      ),
      components: { schemas: rewriteRefs(schemaDefinitions(), '#/components/schemas/') },
    });
    v3Docs.set(groupVersion, doc);
  }
  return doc;
}

/** The v3 document path of a group-version: `api/v1`, `apis/apps/v1`. */
export function v3PathOf(groupVersion: string): string {
  return groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`;
}

/** `GET /openapi/v3`: where each group-version's document is, with a content hash. */
export function openApiV3Root(): string {
  const paths: Json = {};
  for (const gv of groupVersions()) {
    const hash = createHash('sha512').update(openApiV3(gv)!).digest('hex').toUpperCase();
    paths[v3PathOf(gv)] = { serverRelativeURL: `/openapi/v3/${v3PathOf(gv)}?hash=${hash}` };
  }
  return JSON.stringify({ paths });
}
