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
 *
 * crd: a custom resource's group-version gets its document from its CRD's structural schema, as
 * apiextensions-apiserver's OpenAPI controller publishes it (k/k: apiextensions-apiserver/pkg/
 * controller/openapi/builder/builder.go): the schema under `<reversed group>.<version>.<Kind>`,
 * with `apiVersion`, `kind` and `metadata` added, tagged with its group-version-kind. kubectl
 * explains it and verifies `fieldValidation` against it; apply sends a custom resource a JSON
 * merge patch (no Go type to compute a strategic one from).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HPA_V1 } from '../engine/api/hpaV1';
import { RESOURCES, type ResourceInfo } from '../engine/api/resources';
import type { Cluster } from '../engine/cluster';
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
  const explained = explainTypes();
  for (const [name, d] of Object.entries(defs))
    defs[name] = withExplainedFields(withSingleTypes(d as Json), explained[name]);
  defs.IntOrString = {
    format: 'int-or-string',
    description:
      'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
  };
  // As the API's OpenAPI v3 gives Quantity: no single type, so explain names it.
  const { type: _q, ...quantity } = defs.Quantity as Json;
  defs.Quantity = quantity;
  definitions = defs;
  return defs;
}

const EXPLAIN_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../engine/kubectl/generated/explain.json',
);

interface ExplainedType {
  f?: Record<string, { t: string; q?: 1 }>;
}

/** `kubectl explain`'s data (made by `npm run schemas` from the API's own types). */
function explainTypes(): Record<string, ExplainedType> {
  try {
    return (
      JSON.parse(readFileSync(EXPLAIN_FILE, 'utf8')) as { types: Record<string, ExplainedType> }
    ).types;
  } catch {
    return {};
  }
}

/**
 * A kind's fields typed and required as the API's OpenAPI has them, which kubectl explain prints:
 * the editor's JSON Schema writes every number as `number` (OpenAPI: `integer` for the int32 and
 * int64 fields) and requires `apiVersion` and `kind`, which the API does not.
 */
function withExplainedFields(schema: Json, explained: ExplainedType | undefined): Json {
  const fields = explained?.f;
  const props = schema.properties as Record<string, Json> | undefined;
  if (!fields || !props) return schema;
  const integer = (p: Json, t: string): Json => {
    if (t === 'integer' && p.type === 'number') return { ...p, type: 'integer' };
    if (t === '[]integer' && (p.items as Json | undefined)?.type === 'number')
      return { ...p, items: { ...(p.items as Json), type: 'integer' } };
    if (
      t === 'map[string]integer' &&
      (p.additionalProperties as Json | undefined)?.type === 'number'
    )
      return {
        ...p,
        additionalProperties: { ...(p.additionalProperties as Json), type: 'integer' },
      };
    return p;
  };
  const out: Json = {
    ...schema,
    properties: Object.fromEntries(
      Object.entries(props).map(([k, p]) => [k, fields[k] ? integer(p, fields[k].t) : p]),
    ),
  };
  const required = Object.keys(props).filter((k) => fields[k]?.q);
  if (required.length) out.required = required;
  else delete out.required;
  return out;
}

/**
 * One `type` per schema, as OpenAPI has it (kubectl explain's templates compare `type` with
 * "object", and a list there stops `explain --recursive`): the editor's JSON Schema writes
 * `["string", "null"]` for Time, `["string", "number"]` for Quantity and `["number", "string"]`
 * for an int-or-string field, which the API server's OpenAPI gives as `string` (`date-time`),
 * a Quantity, and a reference to IntOrString.
 */
function withSingleTypes(schema: Json): Json {
  const out: Json = { ...schema };
  // A reference with words of its own, as OpenAPI v3 writes it: the words beside an `allOf`
  // (explain reads a bare `$ref`'s target only, and would skip the field's description).
  if (typeof out.$ref === 'string' && Object.keys(out).length > 1) {
    out.allOf = [{ $ref: out.$ref }];
    delete out.$ref;
  }
  const t = out.type;
  if (Array.isArray(t)) {
    if (t.includes('number') && t.includes('string') && t[0] === 'number') {
      delete out.type;
      out.allOf = [{ $ref: '#/definitions/IntOrString' }];
    } else {
      out.type = 'string';
      if (t.includes('null')) out.format = 'date-time';
    }
  }
  const props = out.properties as Record<string, Json> | undefined;
  if (props)
    out.properties = Object.fromEntries(
      Object.entries(props).map(([k, v]) => [k, withSingleTypes(v)]),
    );
  if (out.items && typeof out.items === 'object') out.items = withSingleTypes(out.items as Json);
  if (out.additionalProperties && typeof out.additionalProperties === 'object')
    out.additionalProperties = withSingleTypes(out.additionalProperties as Json);
  return out;
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

/** The definition name of a kind: ours for the built-ins, apiextensions' for a custom resource. */
function definitionName(info: ResourceInfo): string {
  if (info === HPA_V1) return HPA_V1_NAME;
  if (!info.crd) return info.kind;
  return `${info.group.split('.').reverse().join('.')}.${info.version}.${info.kind}`;
}

/** Operations of one path, each tagged with the kind it serves. */
function operations(info: ResourceInfo, item: boolean, v3: boolean): Json {
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const def = definitionName(info);
  const ref = v3 ? `#/components/schemas/${def}` : `#/definitions/${def}`;
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

const HPA_V1_NAME = 'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler';

/**
 * hpa: autoscaling/v1's HorizontalPodAutoscaler (k8s.io/api/autoscaling/v1 types.go), which the
 * editor's schemas (v2 only) do not hold: kubectl checks `fieldValidation` against its PATCH
 * operation, and explains it with `--api-version=autoscaling/v1`.
 */
function hpaV1Definitions(refTo: string): Json {
  const int = (description: string): Json => ({ type: 'integer', format: 'int32', description });
  const pod = (schemaDefinitions().Pod as { properties: Record<string, Json> }).properties;
  const { const: _v, ...apiVersion } = pod.apiVersion;
  const { const: _k, ...kind } = pod.kind;
  const ref = `${HPA_V1_NAME}`;
  return {
    [ref]: {
      type: 'object',
      description: 'configuration of a horizontal pod autoscaler.',
      properties: {
        apiVersion,
        kind,
        metadata: {
          description:
            'Standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
          allOf: [{ $ref: `${refTo}ObjectMeta` }],
        },
        spec: {
          description:
            'spec defines the behaviour of autoscaler. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status.',
          allOf: [{ $ref: `${refTo}${ref}Spec` }],
        },
        status: {
          description: 'status is the current information about the autoscaler.',
          allOf: [{ $ref: `${refTo}${ref}Status` }],
        },
      },
      'x-kubernetes-group-version-kind': [
        { group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' },
      ],
    },
    [`${ref}Spec`]: {
      type: 'object',
      description: 'specification of a horizontal pod autoscaler.',
      required: ['scaleTargetRef', 'maxReplicas'],
      properties: {
        maxReplicas: int(
          'maxReplicas is the upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.',
        ),
        minReplicas: int(
          'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.',
        ),
        scaleTargetRef: {
          description:
            'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.',
          allOf: [{ $ref: `${refTo}io.k8s.api.autoscaling.v1.CrossVersionObjectReference` }],
        },
        targetCPUUtilizationPercentage: int(
          'targetCPUUtilizationPercentage is the target average CPU utilization (represented as a percentage of requested CPU) over all the pods; if not specified the default autoscaling policy will be used.',
        ),
      },
    },
    [`${ref}Status`]: {
      type: 'object',
      description: 'current status of a horizontal pod autoscaler',
      required: ['currentReplicas', 'desiredReplicas'],
      properties: {
        currentCPUUtilizationPercentage: int(
          'currentCPUUtilizationPercentage is the current average CPU utilization over all pods, represented as a percentage of requested CPU, e.g. 70 means that an average pod is using now 70% of its requested CPU.',
        ),
        currentReplicas: int(
          'currentReplicas is the current number of replicas of pods managed by this autoscaler.',
        ),
        desiredReplicas: int(
          'desiredReplicas is the  desired number of replicas of pods managed by this autoscaler.',
        ),
        lastScaleTime: {
          type: 'string',
          format: 'date-time',
          description:
            'lastScaleTime is the last time the HorizontalPodAutoscaler scaled the number of pods; used by the autoscaler to control how often the number of pods is changed.',
        },
        observedGeneration: {
          type: 'integer',
          format: 'int64',
          description:
            'observedGeneration is the most recent generation observed by this autoscaler.',
        },
      },
    },
    'io.k8s.api.autoscaling.v1.CrossVersionObjectReference': {
      type: 'object',
      description:
        'CrossVersionObjectReference contains enough information to let you identify the referred resource.',
      required: ['kind', 'name'],
      properties: {
        apiVersion: {
          type: 'string',
          description: 'apiVersion is the API version of the referent',
        },
        kind: {
          type: 'string',
          description:
            'kind is the kind of the referent; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
        },
        name: {
          type: 'string',
          description:
            'name is the name of the referent; More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names',
        },
      },
      'x-kubernetes-map-type': 'atomic',
    },
  };
}

/**
 * crd: a custom resource's schema as the API server publishes it: the CRD version's
 * openAPIV3Schema with the object's `apiVersion`, `kind` and `metadata` (those of every kind).
 */
function customDefinition(info: ResourceInfo, refTo: string): Json {
  const version = info.crd!.spec.versions.find((v) => v.name === info.version);
  const schema = (version?.schema?.openAPIV3Schema ?? { type: 'object' }) as Json;
  const pod = (schemaDefinitions().Pod as { properties: Record<string, Json> }).properties;
  const { const: _v, ...apiVersion } = pod.apiVersion;
  const { const: _k, ...kind } = pod.kind;
  return {
    ...schema,
    properties: {
      apiVersion,
      kind,
      metadata: {
        description: pod.metadata.description,
        allOf: [{ $ref: `${refTo}ObjectMeta` }],
      },
      ...((schema.properties as Json | undefined) ?? {}),
    },
    'x-kubernetes-group-version-kind': [
      { group: info.group, version: info.version, kind: info.kind },
    ],
  };
}

/** The custom resources the engine serves now (Established CRDs). */
function customResources(cluster: Cluster | undefined): ResourceInfo[] {
  return cluster?.api.customResources.discovery() ?? [];
}

/** What the custom resources' documents depend on: their CRDs' revisions. */
function customKey(custom: ResourceInfo[]): string {
  return custom.map((c) => `${c.crd?.metadata?.name}@${c.crd?.metadata?.resourceVersion}`).join();
}

let v2: { key: string; doc: string } | undefined;

/** `GET /openapi/v2`: the Swagger 2.0 document (JSON; kubectl asks for protobuf and falls back). */
export function openApiV2(cluster?: Cluster): string {
  const custom = customResources(cluster);
  const key = customKey(custom);
  if (v2?.key === key) return v2.doc;
  const served = [...RESOURCES, HPA_V1, ...custom];
  const definitions: Json = { ...schemaDefinitions(), ...hpaV1Definitions('#/definitions/') };
  for (const c of custom) definitions[definitionName(c)] = customDefinition(c, '#/definitions/');
  const doc = JSON.stringify({
    swagger: '2.0',
    info: { title: 'Kubernetes', version: KUBE_VERSION },
    paths: Object.assign({}, ...served.map((r) => pathsOf(r, false))),
    definitions,
  });
  v2 = { key, doc };
  return doc;
}

const v3Docs = new Map<string, { key: string; doc: string; hash?: string }>();

/** `GET /openapi/v3/<api/v1|apis/apps/v1>`: one group-version's OpenAPI 3.0 document. */
export function openApiV3(groupVersion: string, cluster?: Cluster): string | undefined {
  if (!groupVersions(cluster).includes(groupVersion)) return undefined;
  const custom = customResources(cluster).filter((c) => c.apiVersion === groupVersion);
  const key = customKey(custom);
  const cached = v3Docs.get(groupVersion);
  if (cached?.key === key) return cached.doc;
  const schemas = rewriteRefs(schemaDefinitions(), '#/components/schemas/');
  for (const c of custom) schemas[definitionName(c)] = customDefinition(c, '#/components/schemas/');
  if (groupVersion === HPA_V1.apiVersion)
    Object.assign(schemas, hpaV1Definitions('#/components/schemas/'));
  const served = [
    ...[...RESOURCES, HPA_V1].filter((r) => r.apiVersion === groupVersion),
    ...custom,
  ];
  const doc = JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBE_VERSION },
    paths: Object.assign({}, ...served.map((r) => pathsOf(r, true))),
    components: { schemas },
  });
  v3Docs.set(groupVersion, { key, doc });
  return doc;
}

/** The v3 document path of a group-version: `api/v1`, `apis/apps/v1`. */
export function v3PathOf(groupVersion: string): string {
  return groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`;
}

/** `GET /openapi/v3`: where each group-version's document is, with a content hash. */
export function openApiV3Root(cluster?: Cluster): string {
  const paths: Json = {};
  for (const gv of groupVersions(cluster)) {
    const doc = openApiV3(gv, cluster)!;
    const entry = v3Docs.get(gv)!;
    entry.hash ??= createHash('sha512').update(doc).digest('hex').toUpperCase();
    const hash = entry.hash;
    paths[v3PathOf(gv)] = { serverRelativeURL: `/openapi/v3/${v3PathOf(gv)}?hash=${hash}` };
  }
  return JSON.stringify({ paths });
}
