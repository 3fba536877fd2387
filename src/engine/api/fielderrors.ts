/**
 * Field errors as the API server builds and prints them
 * (k/k: staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go, v1.31), and the
 * texts kubectl prints for them (k/k: staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go).
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { Status } from './types';

export type FieldErrorType =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  // crd: field.TooMany (a custom resource's list over its schema's maxItems).
  | 'FieldValueTooMany';

/** One validation error: `field.Error`. */
export interface FieldError {
  type: FieldErrorType;
  /** The field path as the API prints it: `spec.template.spec.containers[0].image`. */
  field: string;
  /**
   * The offending value. Numbers and booleans print as-is, strings quoted, string maps as
   * `map[string]string{…}`; a {@link GoRepr} prints its text verbatim.
   */
  badValue?: unknown;
  detail?: string;
}

/** A value already rendered the way Go's `%#v` prints it. */
export interface GoRepr {
  goRepr: string;
}

/** Wraps a Go `%#v` rendering so {@link formatFieldError} prints it verbatim. */
export function goRepr(text: string): GoRepr {
  return { goRepr: text };
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueRequired: 'Required value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
};

function isGoRepr(v: unknown): v is GoRepr {
  return typeof v === 'object' && v !== null && typeof (v as GoRepr).goRepr === 'string';
}

/** Go `%q` of a string (JSON quoting matches it for everything a manifest normally holds). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go `%#v` of a `map[string]string`: keys sorted, `map[string]string(nil)` for nil. */
export function goStringMap(m: Record<string, string> | undefined | null): string {
  if (m === undefined || m === null) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(String(m[k]))}`).join(', ')}}`;
}

/** Go `%#v` of a `[]string`. */
export function goStringSlice(a: readonly string[] | undefined | null): string {
  if (a === undefined || a === null) return '[]string(nil)';
  return `[]string{${a.map(goQuote).join(', ')}}`;
}

/** Go `%#v` of a `metav1.LabelSelector` value (as printed for `spec.selector` errors). */
export function goLabelSelector(sel: LabelSelector): GoRepr {
  const exprs = sel.matchExpressions;
  const exprText =
    exprs === undefined || exprs === null
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${exprs
          .map(
            (e) =>
              `v1.LabelSelectorRequirement{Key:${goQuote(e.key)}, Operator:${goQuote(e.operator)}, Values:${goStringSlice(e.values)}}`,
          )
          .join(', ')}}`;
  return goRepr(
    `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprText}}`,
  );
}

/** Go `%#v` of an `intstr.IntOrString` value. */
export function goIntOrString(v: number | string | undefined): GoRepr {
  if (typeof v === 'string')
    return goRepr(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`);
  return goRepr(`intstr.IntOrString{Type:0, IntVal:${v ?? 0}, StrVal:""}`);
}

function renderValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (isGoRepr(v)) return v.goRepr;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return goQuote(v);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return goStringSlice(v as string[]);
    return `[]interface {}{${v.map(renderValue).join(', ')}}`;
  }
  if (typeof v === 'object') {
    const entries = Object.values(v as Record<string, unknown>);
    if (entries.every((x) => typeof x === 'string'))
      return goStringMap(v as Record<string, string>);
    return `map[string]interface {}{${Object.keys(v as object)
      .sort()
      .map((k) => `${goQuote(k)}:${renderValue((v as Record<string, unknown>)[k])}`)
      .join(', ')}}`;
  }
  return String(v);
}

/** `field.Error.ErrorBody()`: the message without the field name. */
export function fieldErrorBody(e: FieldError): string {
  let s: string;
  switch (e.type) {
    case 'FieldValueRequired':
    case 'FieldValueForbidden':
    case 'FieldValueTooLong':
      s = TYPE_TEXT[e.type];
      break;
    default:
      s = `${TYPE_TEXT[e.type]}: ${renderValue(e.badValue)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/**
 * `field.Error.Error()`, e.g. `spec.replicas: Invalid value: -1: must be greater than or equal to 0`
 * or `spec.template.spec.containers: Required value`.
 */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

// Constructors mirroring field.Invalid, field.Required… (k/k: field/errors.go)
export const invalid = (field: string, badValue: unknown, detail: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  badValue,
  detail,
});
export const required = (field: string, detail = ''): FieldError => ({
  type: 'FieldValueRequired',
  field,
  ...(detail ? { detail } : {}),
});
export const forbidden = (field: string, detail: string): FieldError => ({
  type: 'FieldValueForbidden',
  field,
  detail,
});
export const duplicate = (field: string, badValue: unknown): FieldError => ({
  type: 'FieldValueDuplicate',
  field,
  badValue,
});
export const tooLong = (field: string, maxBytes: number): FieldError => ({
  type: 'FieldValueTooLong',
  field,
  detail: `must have at most ${maxBytes} bytes`,
});
/** `field.NotSupported`: detail `supported values: "A", "B"`. */
export const notSupported = (field: string, badValue: unknown, valid: string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  badValue,
  ...(valid.length ? { detail: `supported values: ${valid.map(goQuote).join(', ')}` } : {}),
});

/** Removes duplicates as kubectl's statusCausesToAggrError does. */
function uniqueMessages(errors: readonly FieldError[]): string[] {
  return [...new Set(errors.map(formatFieldError))];
}

/**
 * What kubectl prints for a 422 Invalid (k/k: kubectl cmdutil checkErr + MultilineError):
 * one error → `The Deployment "web" is invalid: spec.replicas: Invalid value: -1: …`;
 * several → `The Pod "x" is invalid: ` then one `\n* field: …` line each. No trailing newline.
 */
export function invalidMessage(kind: string, name: string, errors: readonly FieldError[]): string {
  const head = `The ${kind} ${goQuote(name)} is invalid`;
  const msgs = uniqueMessages(errors);
  if (msgs.length === 0) return head;
  if (msgs.length === 1) return `${head}: ${msgs[0]}`;
  return `${head}: \n${msgs.map((m) => `* ${m}`).join('\n')}`;
}

/**
 * The `Status` the API server returns for a validation failure (k/k: apierrors.NewInvalid):
 * message `Deployment.apps "web" is invalid: <err>` or `…: [<err>, <err>]`, code 422.
 */
export function invalidStatus(
  group: string,
  kind: string,
  name: string,
  errors: readonly FieldError[],
): Status {
  const qualified = group ? `${kind}.${group}` : kind;
  const msgs = errors.map(formatFieldError);
  const agg = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  return {
    apiVersion: 'v1',
    kind: 'Status',
    status: 'Failure',
    message:
      msgs.length === 0
        ? `${qualified} ${goQuote(name)} is invalid`
        : `${qualified} ${goQuote(name)} is invalid: ${agg}`,
    reason: 'Invalid',
    code: 422,
    details: {
      name,
      ...(group ? { group } : {}),
      kind,
      causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
    },
  };
}

/** k/k: meta.NoKindMatchError — `no matches for kind "Foo" in version "example.com/v1"`. */
export function unknownKindMessage(apiVersion: string, kind: string): string {
  return `no matches for kind ${goQuote(kind)} in version ${goQuote(apiVersion)}`;
}

/**
 * kubectl's whole line for an unknown kind in a file (k/k: cli-runtime resource/mapper.go
 * infoForData): `error: resource mapping not found for name: "x" namespace: "" from "f.yaml":
 * no matches for kind "Foo" in version "v1"\nensure CRDs are installed first`.
 */
export function resourceMappingNotFound(
  name: string,
  namespace: string,
  file: string,
  apiVersion: string,
  kind: string,
): string {
  return `error: resource mapping not found for name: ${goQuote(name)} namespace: ${goQuote(namespace)} from ${goQuote(file)}: ${unknownKindMessage(apiVersion, kind)}\nensure CRDs are installed first`;
}
