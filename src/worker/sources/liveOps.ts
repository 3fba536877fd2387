/**
 * The editor's Apply and Delete, and a pod's logs, against a real cluster (live mode; the page
 * asks before it sends anything). Apply is server-side apply, as `kubectl apply --server-side
 * --field-manager=kubeglass` sends it: one PATCH of content type `application/apply-patch+yaml`
 * per document, with strict field validation, so a typo is refused by the cluster itself.
 * Resources are found through discovery (`/api/v1`, `/apis/GROUP/VERSION`), as kubectl finds them.
 */
import { parseAllDocuments } from 'yaml';
import type { ApplyResult, DocumentResult, KubeObject, TextResult } from '../../protocol';

interface Resource {
  name: string;
  namespaced: boolean;
  group: string;
}

/** A real API server reached by fetch, at `base` (absolute, ending in `/`). */
export class LiveApi {
  private readonly discovery = new Map<string, Promise<Map<string, Resource>>>();

  constructor(
    readonly base: string,
    private readonly fetcher: typeof globalThis.fetch,
    private readonly headers: Record<string, string>,
  ) {}

  get(path: string, init: RequestInit = {}): Promise<Response> {
    return this.fetcher(this.base + path, {
      ...init,
      headers: { ...this.headers, ...(init.headers as Record<string, string>) },
    });
  }

  /** Kinds of one group/version, by kind (from its APIResourceList). */
  private resources(apiVersion: string): Promise<Map<string, Resource>> {
    let p = this.discovery.get(apiVersion);
    if (!p) {
      const path = apiVersion.includes('/') ? `apis/${apiVersion}` : `api/${apiVersion}`;
      p = this.get(path).then(async (res) => {
        const map = new Map<string, Resource>();
        if (!res.ok) return map;
        const list = (await res.json()) as {
          resources?: { name: string; kind: string; namespaced: boolean }[];
        };
        for (const r of list.resources ?? [])
          if (!r.name.includes('/'))
            map.set(r.kind, { ...r, group: apiVersion.split('/').slice(0, -1).join('/') });
        return map;
      });
      this.discovery.set(apiVersion, p);
    }
    return p;
  }

  /** `kubectl apply --server-side` (or `delete`) of each document of `manifest`. */
  async manifest(manifest: string, mode: 'apply' | 'delete'): Promise<ApplyResult> {
    const documents: DocumentResult[] = [];
    const docs = parseAllDocuments(manifest);
    for (const [index, doc] of (Array.isArray(docs) ? docs : [docs]).entries()) {
      if (doc.errors.length) {
        documents.push({ index, ok: false, message: `error: ${doc.errors[0].message}` });
        continue;
      }
      const obj = doc.toJS() as KubeObject | null;
      if (!obj) continue;
      documents.push({ index, ...(await this.one(obj, mode)) });
    }
    return { ok: documents.every((d) => d.ok), documents };
  }

  private async one(
    obj: KubeObject,
    mode: 'apply' | 'delete',
  ): Promise<{ ok: boolean; message: string }> {
    const kind = obj.kind ?? '';
    const name = obj.metadata?.name;
    if (!obj.apiVersion || !kind)
      return { ok: false, message: 'error: apiVersion and kind are required' };
    if (!name) return { ok: false, message: 'error: metadata.name is required' };
    const r = (await this.resources(obj.apiVersion)).get(kind);
    if (!r)
      return {
        ok: false,
        message: `error: resource mapping not found for name: "${name}" namespace: "" from "editor.yaml": no matches for kind "${kind}" in version "${obj.apiVersion}"`,
      };
    const ns = obj.metadata?.namespace ?? 'default';
    const prefix = obj.apiVersion.includes('/')
      ? `apis/${obj.apiVersion}`
      : `api/${obj.apiVersion}`;
    const path = `${prefix}/${r.namespaced ? `namespaces/${encodeURIComponent(ns)}/` : ''}${r.name}/${encodeURIComponent(name)}`;
    const shown = `${kind.toLowerCase()}${r.group ? `.${r.group}` : ''}/${name}`;
    const res =
      mode === 'apply'
        ? await this.get(`${path}?fieldManager=kubeglass&fieldValidation=Strict`, {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/apply-patch+yaml' },
            body: JSON.stringify(obj),
          })
        : await this.get(path, { method: 'DELETE' });
    if (res.ok)
      return {
        ok: true,
        message: `${shown} ${mode === 'apply' ? 'serverside-applied' : 'deleted'}`,
      };
    const status = (await res.json().catch(() => ({}))) as { message?: string; code?: number };
    return {
      ok: false,
      message: `Error from server: ${status.message ?? `${res.status} ${res.statusText}`}`,
    };
  }

  /** `kubectl logs` of a pod (its last 1000 lines). */
  async logs(
    namespace: string,
    pod: string,
    container?: string,
    previous?: boolean,
  ): Promise<TextResult> {
    const q = new URLSearchParams({ tailLines: '1000' });
    if (container) q.set('container', container);
    if (previous) q.set('previous', 'true');
    const res = await this.get(
      `api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log?${q}`,
    );
    const text = await res.text();
    if (res.ok) return { ok: true, output: text };
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not a Status: the text as it came
    }
    return { ok: false, output: `Error from server: ${message}` };
  }
}
