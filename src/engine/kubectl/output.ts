/**
 * `kubectl get -o yaml|json|jsonpath=…` output.
 * kubectl prints objects as unstructured maps, so keys come out sorted at every level
 * (`apiVersion, kind, metadata, spec, status`; inside metadata `annotations, creationTimestamp,
 * labels, name, …`). A list request prints a `List` even when it matched one object.
 */
import type { KubeObject } from '../api/types';
import { goJsonMarshal } from './jsonpath';
import { emitYaml } from './yamlEmitter';

export { jsonPath, JsonPathError } from './jsonpath';

/** The `List` kubectl wraps several objects in (`kubectl get pods -o yaml`). */
export interface KubeList {
  apiVersion: 'v1';
  items: KubeObject[];
  kind: 'List';
  metadata: { resourceVersion: '' };
}

/** Wraps objects as kubectl does for a list request. */
export function toList(items: KubeObject[]): KubeList {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

function wrap(obj: KubeObject | KubeObject[]): unknown {
  return Array.isArray(obj) ? toList(obj) : obj;
}

/**
 * `-o yaml`, as sigs.k8s.io/yaml (go-yaml v2) writes it: sorted keys, `- ` items flush with
 * their key, RFC 3339 times and numeric strings in double quotes, long strings folded at column
 * 80, multi-line strings as `|` blocks. An array is printed as a `List`.
 */
export function toYaml(obj: KubeObject | KubeObject[] | unknown): string {
  return emitYaml(wrap(obj as KubeObject));
}

/**
 * `-o json`: Go's json.MarshalIndent with 4 spaces, keys sorted, `<`, `>`, `&` escaped as
 * `\u003c`…, then a newline. An array is printed as a `List`.
 */
export function toJson(obj: KubeObject | KubeObject[] | unknown): string {
  return goJsonMarshal(wrap(obj as KubeObject), '    ') + '\n';
}
