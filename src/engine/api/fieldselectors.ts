/**
 * Field selectors (k/k: staging/src/k8s.io/apimachinery/pkg/fields/selector.go ParseSelector) and
 * the fields each kind lets you select on (k/k: pkg/apis/core/v1/conversion.go field label
 * conversion funcs and the registries' GetAttrs).
 */
import type { KubeObject } from './types';

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export interface ParsedFieldSelector {
  requirements: FieldRequirement[];
  /**
   * crd: the fields of a custom resource, from its version's `selectableFields` (set by the
   * API server for the resource the selector is for); otherwise the kind's.
   */
  getters?: Record<string, (o: KubeObject) => string>;
}

/** Splits on unescaped commas (k/k: splitTerms). */
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && i + 1 < s.length) {
      cur += ch + s[++i];
    } else if (ch === ',') {
      terms.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  terms.push(cur);
  return terms;
}

function unescape(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}

/**
 * Parses a field selector (`status.phase=Running,spec.nodeName!=worker-1`; `=` and `==` are the
 * same). Throws `invalid selector: '<s>'; can't understand '<term>'` like the API.
 */
export function parseFieldSelector(text: string): ParsedFieldSelector {
  const requirements: FieldRequirement[] = [];
  const terms = splitTerms(text).sort();
  for (const term of terms) {
    if (term === '') continue;
    let found: FieldRequirement | undefined;
    for (let i = 0; i < term.length && !found; i++) {
      if (term[i] === '\\') {
        i++;
        continue;
      }
      for (const op of ['!=', '==', '='] as const) {
        if (term.startsWith(op, i)) {
          found = {
            field: term.slice(0, i),
            operator: op === '!=' ? '!=' : '=',
            value: unescape(term.slice(i + op.length)),
          };
          break;
        }
      }
    }
    if (!found) throw new Error(`invalid selector: '${text}'; can't understand '${term}'`);
    requirements.push(found);
  }
  return { requirements };
}

function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  return String(v);
}

type Getter = (o: KubeObject) => string;
const m = (o: KubeObject) => o.metadata ?? {};
const spec = (o: KubeObject) => (o.spec ?? {}) as Record<string, unknown>;
const status = (o: KubeObject) => (o.status ?? {}) as Record<string, unknown>;
const inv = (o: KubeObject) => (o.involvedObject ?? {}) as Record<string, unknown>;

const COMMON: Record<string, Getter> = {
  'metadata.name': (o) => str(m(o).name),
  'metadata.namespace': (o) => str(m(o).namespace),
};

// k/k: pkg/apis/core/v1/conversion.go AddFieldLabelConversionsFor* and the registry's
// GetAttrs/ToSelectableFields for each kind.
const FIELDS: Record<string, Record<string, Getter>> = {
  Pod: {
    ...COMMON,
    'spec.nodeName': (o) => str(spec(o).nodeName),
    'spec.host': (o) => str(spec(o).nodeName),
    'spec.restartPolicy': (o) => str(spec(o).restartPolicy),
    'spec.schedulerName': (o) => str(spec(o).schedulerName),
    'spec.serviceAccountName': (o) => str(spec(o).serviceAccountName),
    'spec.hostNetwork': (o) => String(spec(o).hostNetwork === true),
    'status.phase': (o) => str(status(o).phase),
    'status.podIP': (o) => str(status(o).podIP),
    'status.nominatedNodeName': (o) => str(status(o).nominatedNodeName),
  },
  Event: {
    ...COMMON,
    'involvedObject.kind': (o) => str(inv(o).kind),
    'involvedObject.namespace': (o) => str(inv(o).namespace),
    'involvedObject.name': (o) => str(inv(o).name),
    'involvedObject.uid': (o) => str(inv(o).uid),
    'involvedObject.apiVersion': (o) => str(inv(o).apiVersion),
    'involvedObject.resourceVersion': (o) => str(inv(o).resourceVersion),
    'involvedObject.fieldPath': (o) => str(inv(o).fieldPath),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str((o.source as Record<string, unknown> | undefined)?.component),
    type: (o) => str(o.type),
  },
  Node: { ...COMMON, 'spec.unschedulable': (o) => String(spec(o).unschedulable === true) },
  Namespace: { ...COMMON, 'status.phase': (o) => str(status(o).phase) },
  Secret: { ...COMMON, type: (o) => str(o.type) },
  ReplicaSet: { ...COMMON, 'status.replicas': (o) => str(status(o).replicas ?? 0) },
  Job: { ...COMMON, 'status.successful': (o) => str(status(o).succeeded ?? 0) },
};

/**
 * crd: the selectable fields of a custom resource (k/k: apiextensions-apiserver
 * crdHandler's selectableFields, CustomResourceFieldSelectors, beta and on in v1.31):
 * metadata.name, metadata.namespace and each `jsonPath` of the version's `selectableFields`.
 */
export function customFieldGetters(
  selectable: readonly { jsonPath: string }[],
): Record<string, (o: KubeObject) => string> {
  const out: Record<string, Getter> = { ...COMMON };
  for (const f of selectable) {
    const segs = f.jsonPath.replace(/^\./, '').split('.');
    out[segs.join('.')] = (o) => {
      let v: unknown = o;
      for (const s of segs) v = (v as Record<string, unknown> | undefined)?.[s];
      return str(v);
    };
  }
  return out;
}

/** The field names a kind supports in field selectors. */
export function supportedFieldLabels(kind: string): string[] {
  return Object.keys(FIELDS[kind] ?? COMMON);
}

/**
 * Does `obj` match a parsed field selector? Unsupported fields throw
 * `field label not supported: <field>` (the API answers 400 Bad Request with it).
 */
export function matchesFieldSelector(obj: KubeObject, parsed: ParsedFieldSelector): boolean {
  const getters = parsed.getters ?? FIELDS[obj.kind ?? ''] ?? COMMON;
  let ok = true;
  for (const r of parsed.requirements) {
    const get = getters[r.field];
    if (!get) throw new Error(`field label not supported: ${r.field}`);
    const v = get(obj);
    if (r.operator === '=' ? v !== r.value : v === r.value) ok = false;
  }
  return ok;
}
