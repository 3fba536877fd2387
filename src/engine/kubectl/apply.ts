import { kubectlErrorLine, isStatus } from '../apiserver/errors';
import { mergePatch, strategicMergePatch } from '../apiserver/patch';
import type { ApiRequest, ApiResponse } from '../apiserver/types';
import { resourceMappingNotFound } from '../api/fielderrors';
import { hpaV1ToV2 } from '../api/hpa';
import {
  formatValidationError,
  formatYamlError,
  parseManifest,
  type ManifestDocument,
  type SourceRange,
} from '../api/manifest';
import type { FieldValidation } from '../api/decoding';
import { resourceForKind, type ResourceInfo } from '../api/resources';
import type { KubeObject, Status } from '../api/types';
import {
  LAST_APPLIED_ANNOTATION,
  sortedJson,
  threeWayJsonMergePatch,
  threeWayMergePatch,
  withLastApplied,
} from './threeWayPatch';

/** Sends one request and calls back with the response (the cluster's kubectl client). */
export type Requester = (req: ApiRequest, cb: (r: ApiResponse) => void) => void;

/** The outcome of one document (or one item of a `kind: List`), as `kubectl apply -f` reports it. */
export interface DocumentOutcome {
  index: number;
  ok: boolean;
  /** `deployment.apps/web created`, or the error line(s) as kubectl prints a lone error. */
  message: string;
  /**
   * The error as kubectl prints it among several (an aggregate: no `error: ` prefix, and an
   * Invalid object as `Error from server (Invalid): error when creating …`), when that is not
   * just `message` without its `error: `.
   */
  amongOthers?: string;
  /** A warning kubectl prints on stderr before `message` (a missing last-applied annotation). */
  warning?: string;
  /** The object as applied (or as it would be, for a dry run), for `-o yaml|json|name`. */
  object?: KubeObject;
  /** Where the document is in the text. */
  range?: SourceRange;
  /** Precise problems: YAML syntax errors, API field errors mapped onto the text. */
  problems: { message: string; range: SourceRange }[];
}

/** One object to send: a document, or an item of a `kind: List` document. */
interface Info {
  doc: ManifestDocument;
  obj: KubeObject;
  info: ResourceInfo;
  range: SourceRange;
  /** The range of a field of this object (`spec.replicas`), or of the object. */
  fieldRange(path: string): SourceRange | undefined;
}

/** kubectl's field manager for client-side apply (k8s: kubectl/pkg/cmd/apply/apply.go). */
const FIELD_MANAGER = 'kubectl-client-side-apply';
/** kubectl retries a patch that met a conflict this many times (apply/patcher.go maxPatchRetry). */
const MAX_PATCH_RETRY = 5;

function resourceFor(
  obj: KubeObject,
  custom: readonly ResourceInfo[] = [],
): ResourceInfo | undefined {
  const info = resourceForKind(obj.kind ?? '');
  if (info && info.apiVersion === obj.apiVersion) return info;
  // crd: a custom resource in any served version of its CRD.
  return custom.find(
    (x) =>
      x.kind === obj.kind &&
      x.crd!.spec.versions.some((v) => v.served && `${x.group}/${v.name}` === obj.apiVersion),
  );
}

/** Map an API error's causes (`spec.replicas`) onto ranges in the document. */
function problemsFor(item: Info, status: Status): { message: string; range: SourceRange }[] {
  const causes = status.details?.causes ?? [];
  const out: { message: string; range: SourceRange }[] = [];
  for (const c of causes) {
    const range = (c.field && item.fieldRange(c.field)) || item.range;
    out.push({ message: c.field ? `${c.field}: ${c.message}` : c.message, range });
  }
  if (out.length === 0) out.push({ message: kubectlErrorLine(status), range: item.range });
  return out;
}

/** `kind: List` (v1): kubectl's builder flattens it and sends each item on its own. */
function isList(obj: KubeObject): boolean {
  return obj.apiVersion === 'v1' && obj.kind === 'List';
}

/**
 * The builder's visit of one file (k8s: cli-runtime/pkg/resource/visitor.go StreamVisitor, with
 * ContinueOnError and Flatten): documents in order; a document that fails to decode or to
 * validate client-side ends the stream, so nothing after it is sent; a kind the server does not
 * serve is an error for that document only.
 */
function visit(
  file: string,
  text: string,
  custom: readonly ResourceInfo[] = [],
): { infos: Info[]; errors: DocumentOutcome[]; empty: boolean } {
  const infos: Info[] = [];
  const errors: DocumentOutcome[] = [];
  let objects = 0;
  for (const doc of parseManifest(text).documents) {
    if (!doc.object) {
      // The decoder stops at the first syntax error, so kubectl names only that one.
      const syntax = doc.errors.find((e) => e.code);
      const message = syntax
        ? formatYamlError(file, syntax)
        : formatValidationError(file, doc.errors);
      errors.push({
        index: doc.index,
        range: doc.range,
        ok: false,
        message,
        problems: doc.errors.map((e) => ({ message: e.message, range: e.range })),
      });
      break;
    }
    const obj = doc.object;
    const items: { obj: unknown; prefix: string }[] = isList(obj)
      ? (Array.isArray((obj as { items?: unknown }).items)
          ? ((obj as { items: unknown[] }).items ?? [])
          : []
        ).map((o, i) => ({ obj: o, prefix: `items[${i}].` }))
      : [{ obj, prefix: '' }];
    for (const { obj: item, prefix } of items) {
      objects++;
      const fieldRange = (path: string) => doc.fieldRange(prefix + path);
      const range = (prefix && doc.fieldRange(prefix.slice(0, -1))) || doc.range;
      const read = (typeof item === 'object' && item !== null ? item : {}) as KubeObject;
      // autoscaling/v1 is served as well: the API server converts it to the v2 it stores.
      const o =
        read.kind === 'HorizontalPodAutoscaler' && read.apiVersion === 'autoscaling/v1'
          ? hpaV1ToV2(read)
          : read;
      const info = resourceFor(o, custom);
      if (!info) {
        const msg = !o.kind
          ? `error: unable to decode ${JSON.stringify(file)}: Object 'Kind' is missing in '${sortedJson(item)}'`
          : resourceMappingNotFound(
              o.metadata?.name ?? '',
              o.metadata?.namespace ?? '',
              file,
              String(o.apiVersion ?? ''),
              String(o.kind ?? ''),
            );
        errors.push({
          index: doc.index,
          range,
          ok: false,
          message: msg,
          problems: [{ message: msg.replace(/^error: /, ''), range: fieldRange('kind') ?? range }],
        });
        continue;
      }
      infos.push({ doc, obj: o, info, range, fieldRange });
    }
  }
  return { infos, errors, empty: objects === 0 && errors.length === 0 };
}

/**
 * `kubectl apply -f FILE` (and `create -f`, `delete -f`), as kubectl v1.31 runs it: first the
 * builder reads every document (see {@link visit}); then each object is sent in order. Client-side
 * apply sends `GET`; a missing object is created with `POST`, carrying the
 * last-applied-configuration annotation; an existing one gets a strategic merge `PATCH` computed
 * here from the last applied configuration, the new one and the live object, or no request at
 * all when that patch is empty (`unchanged`). An error from the server stops only its own object.
 *
 * Outcomes come back as kubectl prints them: the successes in order, then the errors (kubectl
 * collects them and prints them last), reading errors before server errors. Print a lone error
 * as `message`, several with {@link errorLine}.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go (Run, applyOneObject), patcher.go.
 */
export function applyManifest(
  text: string,
  file: string,
  defaultNamespace: string,
  request: Requester,
  done: (outcomes: DocumentOutcome[]) => void,
  mode: 'apply' | 'delete' | 'create' = 'apply',
  options: ApplyOptions = {},
): void {
  const { infos, errors, empty } = visit(file, text, options.discovery);
  if (empty && mode !== 'delete') {
    // apply.go Run / create.go RunCreate: nothing to send at all.
    return done([
      { index: 0, ok: false, message: `error: no objects passed to ${mode}`, problems: [] },
    ]);
  }
  const oks: DocumentOutcome[] = [];
  const failures: DocumentOutcome[] = [];
  const next = (i: number): void => {
    if (i >= infos.length) return done([...oks, ...errors, ...failures]);
    sendOne(infos[i], file, defaultNamespace, request, mode, options, (o) => {
      (o.ok ? oks : failures).push({ index: infos[i].doc.index, range: infos[i].range, ...o });
      next(i + 1);
    });
  };
  next(0);
}

type Result = Omit<DocumentOutcome, 'index' | 'range'>;

/** `--server-side`, `--dry-run=client|server`. */
export interface ApplyOptions {
  serverSide?: boolean;
  dryRun?: 'client' | 'server';
  /**
   * Sent with every write (`?fieldValidation=`); kubectl v1.31 sends `Strict` unless `--validate`
   * says otherwise (k8s: kubectl/pkg/cmd/apply/apply.go `o.ValidationDirective`).
   */
  fieldValidation?: FieldValidation;
  /** crd: the custom resources discovery lists when the command starts (kubectl's mapper). */
  discovery?: readonly ResourceInfo[];
}

function sendOne(
  item: Info,
  file: string,
  defaultNamespace: string,
  request: Requester,
  mode: 'apply' | 'delete' | 'create',
  options: ApplyOptions,
  push: (o: Result) => void,
): void {
  // kubectl's suffixes: `created (dry run)`, `configured (server dry run)`.
  const dry =
    options.dryRun === 'client'
      ? ' (dry run)'
      : options.dryRun === 'server'
        ? ' (server dry run)'
        : '';
  const dryRun = options.dryRun === 'server' || undefined;
  const fieldValidation = options.fieldValidation;
  const { obj, info } = item;
  const name = obj.metadata?.name ?? '';
  const namespace = info.namespaced ? (obj.metadata?.namespace ?? defaultNamespace) : undefined;
  const label = `${info.kubectlType}/${name}`;
  const fail = (r: ApiResponse, action = 'creating') => {
    const status = isStatus(r.body) ? r.body : undefined;
    // kubectl names the file for server errors other than Invalid (cmd/apply/apply.go).
    // AddSourceToErr names the file; CheckErr prints a lone Invalid error from its causes.
    const sourced = status && {
      ...status,
      message: `error when ${action} "${file}": ${status.message}`,
    };
    const message = !status
      ? `error: ${String(r.body)}`
      : status.reason === 'Invalid'
        ? kubectlErrorLine(status)
        : kubectlErrorLine(sourced!);
    const amongOthers =
      status?.reason === 'Invalid' ? `Error from server (Invalid): ${sourced!.message}` : undefined;
    push({ ok: false, message, amongOthers, problems: status ? problemsFor(item, status) : [] });
  };
  if (mode === 'delete') {
    return request({ verb: 'delete', resource: info.plural, namespace, name }, (r) =>
      r.code < 300
        ? push({ ok: true, message: `${info.kubectlType} "${name}" deleted`, problems: [] })
        : fail(r, 'deleting'),
    );
  }
  const generateName = obj.metadata?.generateName;
  if (!name && generateName && mode === 'apply' && !options.serverSide) {
    // apply.go applyOneObject: apply needs a name to find the live object by.
    const msg = `error: from ${generateName}: cannot use generate name with apply`;
    return push({
      ok: false,
      message: msg,
      problems: [{ message: msg.slice(7), range: item.fieldRange('metadata') ?? item.range }],
    });
  }
  if (!name && !generateName) {
    const msg = `error: error when retrieving current configuration of:\nResource: "${info.plural}", GroupVersionKind: "${info.apiVersion}, Kind=${info.kind}"\nName: "", Namespace: "${namespace ?? ''}"\nfrom server for: "${file}": resource name may not be empty`;
    return push({
      ok: false,
      message: msg,
      problems: [
        {
          message: 'metadata.name: Required value',
          range: item.fieldRange('metadata') ?? item.range,
        },
      ],
    });
  }
  // The builder's DefaultNamespace(): the object carries its namespace, in the annotation too.
  const body: KubeObject = {
    ...obj,
    metadata: { ...obj.metadata, ...(namespace ? { namespace } : {}) },
  };
  if (mode === 'create') {
    if (options.dryRun === 'client') {
      return push({ ok: true, message: `${label} created${dry}`, object: body, problems: [] });
    }
    return request(
      { verb: 'create', resource: info.plural, namespace, body, dryRun, fieldValidation },
      (r) =>
        r.code < 300
          ? push({
              ok: true,
              message: `${info.kubectlType}/${(r.body as KubeObject).metadata?.name} created${dry}`,
              object: r.body as KubeObject,
              problems: [],
            })
          : fail(r),
    );
  }
  if (options.serverSide) {
    // --server-side: one apply PATCH; the server merges by field ownership.
    return request(
      {
        verb: 'apply',
        resource: info.plural,
        namespace,
        name,
        body,
        fieldManager: 'kubectl',
        dryRun,
        fieldValidation,
      },
      (r) =>
        r.code < 300
          ? push({
              ok: true,
              message: `${label} serverside-applied${dry}`,
              object: r.body as KubeObject,
              problems: [],
            })
          : fail(r, 'patching'),
    );
  }
  const modified = withLastApplied(body);
  const attempt = (tries: number): void =>
    request({ verb: 'get', resource: info.plural, namespace, name }, (got) => {
      if (got.code === 404) {
        // A client dry run reads but never writes.
        if (options.dryRun === 'client') {
          return push({
            ok: true,
            message: `${label} created${dry}`,
            object: modified,
            problems: [],
          });
        }
        return request(
          {
            verb: 'create',
            resource: info.plural,
            namespace,
            body: modified,
            fieldManager: FIELD_MANAGER,
            dryRun,
            fieldValidation,
          },
          (r) =>
            r.code < 300
              ? push({
                  ok: true,
                  message: `${label} created${dry}`,
                  object: r.body as KubeObject,
                  problems: [],
                })
              : fail(r),
        );
      }
      if (got.code !== 200) return fail(got, 'retrieving current configuration of');
      const live = got.body as KubeObject;
      const lastText = live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
      let original: KubeObject | undefined;
      try {
        original = lastText ? (JSON.parse(lastText) as KubeObject) : undefined;
      } catch {
        original = undefined;
      }
      const warning = lastText
        ? undefined
        : `Warning: resource ${info.plural}/${name} is missing the ${LAST_APPLIED_ANNOTATION} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`;
      let patch = threeWayMergePatch(original, modified, live);
      // A Service's ports merge by `port`; the simulated API server merges every `ports` list by
      // containerPort: send that change as a merge patch (see threeWayJsonMergePatch).
      const servicePorts =
        info.kind === 'Service' && (patch.spec as { ports?: unknown } | undefined)?.ports;
      const patchType = servicePorts ? 'merge' : 'strategic';
      if (patchType === 'merge') patch = threeWayJsonMergePatch(original, modified, live);
      // patcher.go: an empty patch is not sent.
      if (Object.keys(patch).length === 0) {
        return push({
          ok: true,
          message: `${label} unchanged${dry}`,
          warning,
          object: live,
          problems: [],
        });
      }
      if (options.dryRun === 'client') {
        const object = (
          patchType === 'merge' ? mergePatch(live, patch) : strategicMergePatch(live, patch)
        ) as KubeObject;
        return push({
          ok: true,
          message: `${label} configured${dry}`,
          warning,
          object,
          problems: [],
        });
      }
      request(
        {
          verb: 'patch',
          resource: info.plural,
          namespace,
          name,
          patchType,
          body: patch,
          fieldManager: FIELD_MANAGER,
          dryRun,
          fieldValidation,
        },
        (r) => {
          if (r.code === 409 && tries + 1 < MAX_PATCH_RETRY) return attempt(tries + 1);
          if (r.code < 300) {
            const object = r.body as KubeObject;
            return push({
              ok: true,
              message: `${label} configured${dry}`,
              warning,
              object,
              problems: [],
            });
          }
          fail(r, 'applying patch');
        },
      );
    });
  attempt(0);
}

/**
 * How kubectl prints a failed outcome: a lone error through CheckErr (`error: …`, `The Pod "x" is
 * invalid: …`); several as an aggregate, one per line, each as the error says itself.
 * k8s: kubectl/pkg/cmd/util/helpers.go checkErr, apimachinery/pkg/util/errors Aggregate.
 */
export function errorLine(o: DocumentOutcome, failures: number): string {
  if (failures <= 1) return o.message;
  return o.amongOthers ?? o.message.replace(/^error: /, '');
}
