/**
 * Our kubectl's apply sends what real kubectl v1.31 sends: the requests of the same three files
 * (first apply, a changed image, env removed), rendered as the HTTP requests they become, equal
 * testdata/real-kubectl-apply.golden.txt, which realKubectl.test.ts recorded from the real binary
 * talking to sim serve. This test needs no binary.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resourceForPlural } from '../engine/api/resources';
import { Cluster } from '../engine/cluster';
import { applyManifest, type DocumentOutcome, type Requester } from '../engine/kubectl/apply';
import { sortedJson } from '../engine/kubectl/threeWayPatch';

const here = dirname(fileURLToPath(import.meta.url));

const rec = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: rec
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
${extra}`;
const env = '        env:\n        - name: MODE\n          value: fast\n';

/** One apply by our kubectl, its requests written as realKubectl.test.ts writes the real ones. */
function applyAndRender(cluster: Cluster, text: string): string {
  let out = '';
  let outcomes: DocumentOutcome[] | undefined;
  const request: Requester = (req, cb) => {
    const info = resourceForPlural(req.resource)!;
    const base = info.group ? `/apis/${info.apiVersion}` : '/api/v1';
    const path = `${base}/namespaces/${req.namespace}/${req.resource}${req.verb === 'create' ? '' : `/${req.name}`}`;
    const method = { get: 'GET', create: 'POST', patch: 'PATCH' }[req.verb as string] ?? req.verb;
    const query = [
      req.fieldManager && `fieldManager=${req.fieldManager}`,
      req.fieldValidation && `fieldValidation=${req.fieldValidation}`,
    ].filter(Boolean);
    const type =
      method === 'PATCH'
        ? ` (application/${req.patchType === 'strategic' ? 'strategic-merge-patch' : 'merge-patch'}+json)`
        : '';
    out += `${method} ${path}${query.length ? `?${query.join('&')}` : ''}${type}\n`;
    if (req.body !== undefined) out += `  ${sortedJson(req.body)}\n`;
    cluster.request(req, cb);
  };
  applyManifest(text, 'cm.yaml', 'default', request, (o) => (outcomes = o), 'apply', {
    fieldValidation: 'Strict',
  });
  cluster.clock.runUntilCondition(() => outcomes !== undefined, 60_000);
  for (const o of outcomes ?? []) out += `${o.message}\n`;
  return out;
}

describe("our kubectl apply's requests", () => {
  it('are the ones real kubectl v1.31.9 sent for the same files', () => {
    const cluster = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 5 }).start();
    const steps: [string, string][] = [
      [
        'first apply: GET (404), then POST with the last-applied annotation',
        rec('nginx:1.27', env),
      ],
      ['image changed: GET, then a strategic merge PATCH', rec('nginx:1.26', env)],
      ['env removed: the patch deletes it by its merge key', rec('nginx:1.26')],
    ];
    let out = '';
    for (const [title, text] of steps) {
      out += `# ${title}\n${applyAndRender(cluster, text)}\n`;
      cluster.clock.advance(5_000);
    }
    const golden = readFileSync(join(here, 'testdata', 'real-kubectl-apply.golden.txt'), 'utf8');
    expect(out).toBe(golden);
  });
});
