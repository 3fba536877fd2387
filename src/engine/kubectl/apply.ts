import { kubectlErrorLine, isStatus } from '../apiserver/errors';
import type { ApiRequest, ApiResponse } from '../apiserver/types';
import { resourceMappingNotFound } from '../api/fielderrors';
import {
  formatValidationError,
  formatYamlError,
  parseManifest,
  type ManifestDocument,
  type SourceRange,
} from '../api/manifest';
import { resourceForKind, type ResourceInfo } from '../api/resources';
import type { KubeObject, Status } from '../api/types';

/** Sends one request and calls back with the response (the cluster's kubectl client). */
export type Requester = (req: ApiRequest, cb: (r: ApiResponse) => void) => void;

/** The outcome of one document, as `kubectl apply -f` reports it. */
export interface DocumentOutcome {
  index: number;
  ok: boolean;
  /** `deployment.apps/web created`, or the error line(s). */
  message: string;
  /** Where the document is in the text. */
  range?: SourceRange;
  /** Precise problems: YAML syntax errors, API field errors mapped onto the text. */
  problems: { message: string; range: SourceRange }[];
}

function resourceFor(obj: KubeObject): ResourceInfo | undefined {
  const info = resourceForKind(obj.kind ?? '');
  return info && info.apiVersion === obj.apiVersion ? info : undefined;
}

/** Map an API error's causes (`spec.replicas`) onto ranges in the document. */
function problemsFor(
  doc: ManifestDocument,
  status: Status,
): { message: string; range: SourceRange }[] {
  const causes = status.details?.causes ?? [];
  const out: { message: string; range: SourceRange }[] = [];
  for (const c of causes) {
    const range = (c.field && doc.fieldRange(c.field)) || doc.range;
    out.push({ message: c.field ? `${c.field}: ${c.message}` : c.message, range });
  }
  if (out.length === 0) out.push({ message: kubectlErrorLine(status), range: doc.range });
  return out;
}

/**
 * `kubectl apply -f FILE`: every document in order; each is created if missing (with the
 * last-applied-configuration annotation) or patched by a three-way merge. A YAML error in one
 * document applies nothing from it, and the others still go through, as kubectl does.
 */
export function applyManifest(
  text: string,
  file: string,
  defaultNamespace: string,
  request: Requester,
  done: (outcomes: DocumentOutcome[]) => void,
  mode: 'apply' | 'delete' | 'create' = 'apply',
): void {
  const parsed = parseManifest(text);
  const outcomes: DocumentOutcome[] = [];
  const docs = parsed.documents;
  const next = (i: number): void => {
    if (i >= docs.length) return done(outcomes);
    const doc = docs[i];
    const push = (o: Omit<DocumentOutcome, 'index' | 'range'>) => {
      outcomes.push({ index: doc.index, range: doc.range, ...o });
      next(i + 1);
    };
    if (!doc.object) {
      const syntax = doc.errors.filter((e) => e.code);
      const message = syntax.length
        ? syntax.map((e) => formatYamlError(file, e)).join('\n')
        : formatValidationError(file, doc.errors);
      return push({
        ok: false,
        message,
        problems: doc.errors.map((e) => ({ message: e.message, range: e.range })),
      });
    }
    const obj = doc.object;
    const info = resourceFor(obj);
    const name = obj.metadata?.name ?? '';
    if (!info) {
      const ns = obj.metadata?.namespace ?? '';
      const msg = resourceMappingNotFound(
        name,
        ns,
        file,
        String(obj.apiVersion ?? ''),
        String(obj.kind ?? ''),
      );
      return push({
        ok: false,
        message: msg,
        problems: [
          { message: msg.replace(/^error: /, ''), range: doc.fieldRange('kind') ?? doc.range },
        ],
      });
    }
    const namespace = info.namespaced ? (obj.metadata?.namespace ?? defaultNamespace) : undefined;
    const label = `${info.kubectlType}/${name}`;
    const fail = (r: ApiResponse, action = 'creating') => {
      const status = isStatus(r.body) ? r.body : undefined;
      // kubectl names the file for server errors other than Invalid (cmd/apply/apply.go).
      const message = !status
        ? `error: ${String(r.body)}`
        : status.reason === 'Invalid'
          ? kubectlErrorLine(status)
          : kubectlErrorLine({
              ...status,
              message: `error when ${action} "${file}": ${status.message}`,
            });
      push({ ok: false, message, problems: status ? problemsFor(doc, status) : [] });
    };
    if (mode === 'delete') {
      return request({ verb: 'delete', resource: info.plural, namespace, name }, (r) =>
        r.code < 300
          ? push({ ok: true, message: `${info.kubectlType} "${name}" deleted`, problems: [] })
          : fail(r),
      );
    }
    if (!name && !obj.metadata?.generateName) {
      const msg = `error: error when retrieving current configuration of:\nResource: "${info.plural}", GroupVersionKind: "${info.apiVersion}, Kind=${info.kind}"\nName: "", Namespace: "${namespace ?? ''}"\nfrom server for: "${file}": resource name may not be empty`;
      return push({
        ok: false,
        message: msg,
        problems: [
          {
            message: 'metadata.name: Required value',
            range: doc.fieldRange('metadata') ?? doc.range,
          },
        ],
      });
    }
    const body = { ...obj, metadata: { ...obj.metadata, ...(namespace ? { namespace } : {}) } };
    if (mode === 'create') {
      return request({ verb: 'create', resource: info.plural, namespace, body }, (r) =>
        r.code < 300
          ? push({
              ok: true,
              message: `${info.kubectlType}/${(r.body as KubeObject).metadata?.name} created`,
              problems: [],
            })
          : fail(r),
      );
    }
    // kubectl apply: GET the live object, then create it or patch it.
    request({ verb: 'get', resource: info.plural, namespace, name }, (got) => {
      if (got.code === 404) {
        request({ verb: 'apply', resource: info.plural, namespace, name, body }, (r) =>
          r.code < 300 ? push({ ok: true, message: `${label} created`, problems: [] }) : fail(r),
        );
      } else if (got.code === 200) {
        request({ verb: 'apply', resource: info.plural, namespace, name, body }, (r) =>
          r.code < 300
            ? push({
                ok: true,
                message: `${label} ${r.unchanged ? 'unchanged' : 'configured'}`,
                problems: [],
              })
            : fail(r),
        );
      } else fail(got);
    });
  };
  next(0);
}
