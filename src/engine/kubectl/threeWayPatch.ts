/**
 * What client-side `kubectl apply` computes before it talks to the server: the configuration to
 * record (the `kubectl.kubernetes.io/last-applied-configuration` annotation) and, for an object
 * that exists, a strategic merge patch from a three-way merge of the last applied configuration,
 * the new one and the live object.
 * k8s: staging/src/k8s.io/kubectl/pkg/util/apply.go (GetModifiedConfiguration),
 * staging/src/k8s.io/kubectl/pkg/cmd/apply/patcher.go (patchSimple),
 * staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (CreateThreeWayMergePatch).
 */
import type { KubeObject } from '../api/types';

/** The annotation `kubectl apply` keeps the applied configuration in. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = unknown;
type JsonMap = Record<string, Json>;

function isMap(v: Json): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * JSON as Go's encoding/json writes a map[string]interface{}: keys sorted at every level, `<`, `>`
 * and `&` as `\u003c`, `\u003e`, `\u0026`; which is how kubectl's unstructured encoder writes the
 * annotation.
 */
export function sortedJson(v: Json): string {
  if (Array.isArray(v))
    return `[${v.map((x) => (x === undefined ? 'null' : sortedJson(x))).join(',')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${sortedJson(k)}:${sortedJson(v[k])}`).join(',')}}`;
  }
  const text = JSON.stringify(v) ?? 'null';
  // Go's encoder escapes HTML characters and the JavaScript line separators.
  return typeof v === 'string' ? text.replace(/[<>&\u2028\u2029]/g, goEscape) : text;
}

function goEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * GetModifiedConfiguration: the object as applied, without its own last-applied annotation (the
 * `annotations` map stays, empty if that was all: kubectl's annotation shows `"annotations":{}`),
 * encoded with a trailing newline as the JSON encoder writes it.
 */
export function lastAppliedText(obj: KubeObject): string {
  const metadata = { ...(obj.metadata ?? {}) };
  const annotations = { ...stringMap(metadata.annotations) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  metadata.annotations = annotations;
  return sortedJson({ ...obj, metadata }) + '\n';
}

/** The object with its last-applied annotation set, as `kubectl apply` creates or patches it. */
export function withLastApplied(obj: KubeObject): KubeObject {
  const text = lastAppliedText(obj);
  const metadata = obj.metadata ?? {};
  return {
    ...obj,
    metadata: {
      ...metadata,
      annotations: { ...stringMap(metadata.annotations), [LAST_APPLIED_ANNOTATION]: text },
    },
  };
}

/**
 * corpus-apps: the annotations as apply reads them from the unstructured object: anything but a
 * map of strings (a list, a number value) reads as none, and apply writes the map back without
 * it (k8s: apimachinery Unstructured.GetAnnotations, NestedStringMap; kubectl apply
 * GetModifiedConfiguration).
 */
function stringMap(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const entries = Object.entries(v as Record<string, unknown>);
  return entries.every(([, x]) => typeof x === 'string') ? (v as Record<string, string>) : {};
}

/**
 * The strategic-merge keys of the lists kubectl's configurations carry (the `patchMergeKey`
 * struct tags of k8s.io/api). Lists without one (args, command, tolerations, envFrom…) are
 * atomic: a change replaces the whole list. `path` is the field path to the list.
 */
function mergeKey(path: readonly string[], kind: string | undefined): string | undefined {
  const field = path[path.length - 1];
  const parent = path[path.length - 2];
  const inContainer =
    parent !== undefined &&
    /^\d+$/.test(parent) &&
    /containers$|Containers$/.test(path[path.length - 3] ?? '');
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
      return 'name';
    case 'env':
      return inContainer ? 'name' : undefined;
    case 'volumeMounts':
      return inContainer ? 'mountPath' : undefined;
    case 'volumeDevices':
      return inContainer ? 'devicePath' : undefined;
    case 'ports':
      if (inContainer) return 'containerPort';
      // ServiceSpec.Ports: patchMergeKey port.
      return kind === 'Service' && path.length === 2 && path[0] === 'spec' ? 'port' : undefined;
    case 'hostAliases':
      return 'ip';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'ownerReferences':
      return 'uid';
    default:
      return undefined;
  }
}

function equal(a: Json, b: Json): boolean {
  return sortedJson(a) === sortedJson(b);
}

/**
 * CreateThreeWayMergePatch(original, modified, current) with overwrite: the changes and additions
 * from `current` (live) to `modified` (the new configuration), plus `null` for every field the
 * `original` (last applied) configuration set and the new one does not (whether or not it is
 * still live, as kubectl's deletions map is computed from the two configurations alone). Fields set by others
 * (status, defaults, controllers) are left alone.
 *
 * An item removed from a merge-keyed list is `{"$patch": "delete", <key>: …}`, and a changed
 * keyed list comes with `$setElementOrder/<list>` naming its items in their new order, as kubectl
 * v1.31 sends them (checked against src/server/testdata/real-kubectl-apply.golden.txt).
 * @returns the patch; `{}` when there is nothing to change (kubectl then prints `unchanged`
 * without sending a request).
 */
export function threeWayMergePatch(
  original: KubeObject | undefined,
  modified: KubeObject,
  current: KubeObject,
): JsonMap {
  return diffMaps(original, modified, current, [], modified.kind, false);
}

/**
 * The same change as a JSON merge patch (RFC 7386): every merge-keyed list that changed is sent
 * whole, as the new configuration has it (the API server defaults its items again).
 *
 * Why: a Service's `ports` merge by `port` in the real API, and the simulated API server merges
 * every `ports` list by `containerPort`; kubectl here sends a change to them this way instead.
 * Fields others set inside that list's items are lost, which a real strategic merge would keep.
 */
export function threeWayJsonMergePatch(
  original: KubeObject | undefined,
  modified: KubeObject,
  current: KubeObject,
): JsonMap {
  return diffMaps(original, modified, current, [], modified.kind, true);
}

/** Whether a patch carries a `$patch` directive anywhere. */
export function hasDirective(patch: Json): boolean {
  if (Array.isArray(patch)) return patch.some(hasDirective);
  if (!isMap(patch)) return false;
  return Object.entries(patch).some(([k, v]) => k.startsWith('$') || hasDirective(v));
}

function diffMaps(
  original: Json,
  modified: JsonMap,
  current: Json,
  path: string[],
  kind: string | undefined,
  wholeLists: boolean,
): JsonMap {
  const patch: JsonMap = {};
  const live = isMap(current) ? current : {};
  const last = isMap(original) ? original : {};
  for (const k of Object.keys(last)) {
    if (!(k in modified)) patch[k] = null;
  }
  for (const [k, m] of Object.entries(modified)) {
    if (m === undefined) continue;
    const c = live[k];
    const o = last[k];
    const at = [...path, k];
    if (isMap(m) && isMap(c)) {
      const sub = diffMaps(o, m, c, at, kind, wholeLists);
      if (Object.keys(sub).length) patch[k] = sub;
      continue;
    }
    const key = mergeKey(at, kind);
    if (key && Array.isArray(m) && Array.isArray(c) && m.every(isMap)) {
      const sub = diffKeyedList(o, m as JsonMap[], c, key, at, kind);
      if (sub.length && wholeLists) patch[k] = m;
      else if (sub.length) {
        // kubectl sends the new order of the list's items beside its changes.
        patch[`$setElementOrder/${k}`] = (m as JsonMap[]).map((item) => ({ [key]: item[key] }));
        patch[k] = sub;
      }
      continue;
    }
    if (!equal(m, c)) patch[k] = m;
  }
  return patch;
}

function diffKeyedList(
  original: Json,
  modified: JsonMap[],
  current: Json[],
  key: string,
  path: string[],
  kind: string | undefined,
): JsonMap[] {
  const find = (list: Json, id: Json): JsonMap | undefined =>
    Array.isArray(list) ? (list.find((x) => isMap(x) && equal(x[key], id)) as JsonMap) : undefined;
  const out: JsonMap[] = [];
  modified.forEach((item, i) => {
    const live = find(current, item[key]);
    if (!live) return out.push(item);
    const sub = diffMaps(find(original, item[key]), item, live, [...path, String(i)], kind, false);
    if (Object.keys(sub).length) out.push({ [key]: item[key], ...sub });
  });
  if (Array.isArray(original)) {
    for (const gone of original) {
      if (!isMap(gone) || find(modified, gone[key])) continue;
      out.push({ $patch: 'delete', [key]: gone[key] });
    }
  }
  return out;
}
