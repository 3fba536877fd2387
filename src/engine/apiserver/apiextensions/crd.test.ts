/**
 * crd: CustomResourceDefinitions and the custom resources they define, through kubectl as a
 * learner following "Extend the Kubernetes API with CustomResourceDefinitions" would.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { loadExplainData } from '../../kubectl/explainData';
import { kubectlSync } from '../../scenario/actions';

const CRONTAB_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [image]
              properties:
                cronSpec:
                  type: string
                  pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'
                image:
                  type: string
                replicas:
                  type: integer
                  minimum: 1
                  maximum: 10
                  default: 1
                size:
                  type: string
                  enum: [S, M, L]
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
`;

const CRONTAB = `apiVersion: "stable.example.com/v1"
kind: CronTab
metadata:
  name: my-new-cron-object
spec:
  cronSpec: "* * * * */5"
  image: my-awesome-cron-image
`;

function cluster(): Cluster {
  return new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 7 }).start();
}

function k(c: Cluster, line: string, files: Record<string, string> = {}) {
  const r = kubectlSync(c, line, files);
  c.clock.advance(1_000);
  return r;
}

function withCrd(): Cluster {
  const c = cluster();
  expect(k(c, 'apply -f crd.yaml', { 'crd.yaml': CRONTAB_CRD }).stdout).toBe(
    'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n',
  );
  return c;
}

describe('CustomResourceDefinition', () => {
  it('refuses a name that is not <plural>.<group> and a second storage version', () => {
    const c = cluster();
    const bad = CRONTAB_CRD.replace(
      'name: crontabs.stable.example.com',
      'name: crontab.example.com',
    ).replace('storage: true', 'storage: false');
    const r = k(c, 'apply -f crd.yaml', { 'crd.yaml': bad });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'metadata.name: Invalid value: "crontab.example.com": must be spec.names.plural+"."+spec.group',
    );
    expect(r.stderr).toContain('must have exactly one version marked as storage version');
  });

  it('requires a structural schema in every version of a v1 CRD', () => {
    const c = cluster();
    const noType = CRONTAB_CRD.replace(
      '                image:\n                  type: string\n',
      '                image: {}\n',
    );
    const r = k(c, 'apply -f crd.yaml', { 'crd.yaml': noType });
    expect(r.stderr).toContain(
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[image].type: Required value: must not be empty for specified object fields',
    );
    const noSchema =
      CRONTAB_CRD.slice(0, CRONTAB_CRD.indexOf('      schema:')) +
      CRONTAB_CRD.slice(CRONTAB_CRD.indexOf('  scope:'));
    expect(k(c, 'apply -f crd.yaml', { 'crd.yaml': noSchema }).stderr).toContain(
      'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
    );
  });

  it('is defaulted and becomes NamesAccepted, then Established, by the apiextensions controllers', () => {
    const c = withCrd();
    const crd = JSON.parse(k(c, 'get crd crontabs.stable.example.com -o json').stdout);
    expect(crd.spec.conversion).toEqual({ strategy: 'None' });
    expect(crd.spec.names.listKind).toBe('CronTabList');
    expect(crd.status.acceptedNames.kind).toBe('CronTab');
    expect(crd.status.storedVersions).toEqual(['v1']);
    expect(
      crd.status.conditions.map((x: { type: string; status: string; reason: string }) =>
        [x.type, x.status, x.reason].join(' '),
      ),
    ).toEqual(['NamesAccepted True NoConflicts', 'Established True InitialNamesAccepted']);
    expect(k(c, 'get crd').stdout).toMatch(/^NAME +CREATED AT\ncrontabs.stable.example.com +2026-/);
  });
});

describe('custom resources', () => {
  it('are not found before their CRD is installed (kubectl: ensure CRDs are installed first)', () => {
    const r = k(cluster(), 'apply -f ct.yaml', { 'ct.yaml': CRONTAB });
    expect(r.stderr).toContain(
      'no matches for kind "CronTab" in version "stable.example.com/v1"\nensure CRDs are installed first',
    );
  });

  it('are created, listed by plural, singular, short name and kind, with NAME and AGE by default', () => {
    const c = withCrd();
    expect(k(c, 'apply -f ct.yaml', { 'ct.yaml': CRONTAB }).stdout).toBe(
      'crontab.stable.example.com/my-new-cron-object created\n',
    );
    for (const type of ['crontabs', 'crontab', 'ct', 'CronTab', 'crontabs.stable.example.com'])
      expect(k(c, `get ${type}`).stdout).toMatch(/^NAME +AGE\nmy-new-cron-object +\d+s\n$/);
    const obj = JSON.parse(k(c, 'get ct my-new-cron-object -o json').stdout);
    // Defaulted from the schema.
    expect(obj.spec.replicas).toBe(1);
    expect(k(c, 'api-resources --api-group=stable.example.com').stdout).toBe(
      'NAME       SHORTNAMES   APIVERSION              NAMESPACED   KIND\ncrontabs   ct           stable.example.com/v1   true         CronTab\n',
    );
    expect(k(c, 'delete ct my-new-cron-object').stdout).toBe(
      'crontab.stable.example.com "my-new-cron-object" deleted\n',
    );
    expect(k(c, 'get ct').stderr).toBe('No resources found in default namespace.\n');
  });

  it('are validated against the schema with the API server texts', () => {
    const c = withCrd();
    const bad = CRONTAB.replace('"* * * * */5"', '"* * * *"') + '  replicas: 15\n  size: XL\n';
    const r = k(c, 'apply -f ct.yaml', { 'ct.yaml': bad });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('The CronTab "my-new-cron-object" is invalid:');
    expect(r.stderr).toContain(
      `spec.cronSpec: Invalid value: "* * * *": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'`,
    );
    expect(r.stderr).toContain(
      'spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10',
    );
    expect(r.stderr).toContain(
      'spec.size: Unsupported value: "XL": supported values: "S", "M", "L"',
    );
    const noImage = CRONTAB.replace('  image: my-awesome-cron-image\n', '');
    expect(k(c, 'apply -f ct.yaml', { 'ct.yaml': noImage }).stderr).toContain(
      'spec.image: Required value',
    );
    const wrongType = CRONTAB + '  replicas: "two"\n';
    expect(k(c, 'apply -f ct.yaml', { 'ct.yaml': wrongType }).stderr).toContain(
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    );
  });

  it('lose fields the schema does not specify (refused under --validate=strict)', () => {
    const c = withCrd();
    const extra = CRONTAB + '  color: blue\n';
    expect(k(c, 'apply -f ct.yaml', { 'ct.yaml': extra }).stderr).toContain(
      'CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.color"',
    );
    expect(k(c, 'apply -f ct.yaml --validate=false', { 'ct.yaml': extra }).exitCode).toBe(0);
    const obj = JSON.parse(k(c, 'get ct my-new-cron-object -o json').stdout);
    expect(obj.spec.color).toBeUndefined();
    expect(obj.spec.image).toBe('my-awesome-cron-image');
  });

  it('go with their CRD: deleting the CRD deletes them, then the resource is no longer served', () => {
    const c = withCrd();
    k(c, 'apply -f ct.yaml', { 'ct.yaml': CRONTAB });
    expect(k(c, 'delete crd crontabs.stable.example.com').stdout).toBe(
      'customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n',
    );
    c.clock.advance(5_000);
    const keys = c.etcdStore.range('/registry/stable.example.com/').kvs.map((kv) => kv.key);
    expect(keys).toEqual([]);
    expect(k(c, 'get crd').stderr).toBe('No resources found\n');
    expect(k(c, 'get ct').stderr).toBe('error: the server doesn\'t have a resource type "ct"\n');
  });
});

describe('kubectl describe (the generic describer)', () => {
  it('prints a custom resource field by field with smart labels', () => {
    const c = withCrd();
    k(c, 'apply -f ct.yaml', { 'ct.yaml': CRONTAB });
    const out = k(c, 'describe ct my-new-cron-object').stdout;
    expect(out).toMatch(/^Name: +my-new-cron-object\nNamespace: +default\n/);
    expect(out).toContain(
      'API Version:  stable.example.com/v1\nKind:         CronTab\nMetadata:\n',
    );
    expect(out).toMatch(/ {2}Creation Timestamp: +2026-/);
    expect(out).toContain(
      'Spec:\n  Cron Spec:  * * * * */5\n  Image:      my-awesome-cron-image\n',
    );
    expect(out).toMatch(/Events: +<none>\n$/);
    const crd = k(c, 'describe crd crontabs.stable.example.com').stdout;
    expect(crd).toMatch(/ {4}List Kind: +CronTabList\n/);
    expect(crd).toContain('      openAPIV3Schema:\n');
    expect(crd).toMatch(/ {4}Type: +Established\n/);
  });
});

describe('namespace deletion', () => {
  it('deletes the custom resources in the namespace, as the namespace controller does', () => {
    const c = withCrd();
    k(c, 'create namespace shop');
    expect(k(c, 'apply -f ct.yaml -n shop', { 'ct.yaml': CRONTAB }).exitCode).toBe(0);
    expect(k(c, 'delete namespace shop').exitCode).toBe(0);
    c.clock.advance(10_000);
    expect(c.etcdStore.range('/registry/stable.example.com/').kvs).toEqual([]);
    expect(k(c, 'get ns shop').exitCode).toBe(1);
  });
});

describe('kubectl explain', () => {
  // explain's data is a chunk of its own, loaded on first use; these sessions run synchronously.
  beforeAll(() => loadExplainData());

  it('explains a custom resource from its CRD schema', () => {
    const c = withCrd();
    const out = k(c, 'explain crontab').stdout;
    expect(out).toMatch(/^GROUP: +stable.example.com\nKIND: +CronTab\nVERSION: +v1\n/);
    expect(out).toContain('FIELDS:\n  apiVersion\t<string>\n');
    expect(out).toContain('  metadata\t<ObjectMeta>\n');
    expect(out).toContain('  spec\t<Object>\n');
    const spec = k(c, 'explain crontab.spec').stdout;
    expect(spec).toContain('  image\t<string> -required-\n');
    expect(spec).toContain('  replicas\t<integer>\n');
  });
});

describe('CRD features', () => {
  const SHIRTS = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: shirts.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: shirts, singular: shirt, kind: Shirt}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties: {color: {type: string}, size: {type: string}}
          status:
            type: object
            properties: {sold: {type: integer}}
    selectableFields:
    - jsonPath: .spec.color
    additionalPrinterColumns:
    - {jsonPath: .spec.color, name: Color, type: string}
    - {jsonPath: .spec.size, name: Size, type: string, priority: 1}
    - {jsonPath: .metadata.creationTimestamp, name: Age, type: date}
`;
  const shirt = (name: string, color: string) =>
    `apiVersion: stable.example.com/v1\nkind: Shirt\nmetadata: {name: ${name}}\nspec: {color: ${color}, size: M}\n`;

  it('prints additionalPrinterColumns (priority 1 only with -o wide) and selects on selectableFields', () => {
    const c = cluster();
    k(c, 'apply -f crd.yaml', { 'crd.yaml': SHIRTS });
    k(c, 'apply -f a.yaml', { 'a.yaml': shirt('a', 'blue') });
    k(c, 'apply -f b.yaml', { 'b.yaml': shirt('b', 'green') });
    expect(k(c, 'get shirts').stdout).toMatch(
      /^NAME +COLOR +AGE\na +blue +\d+s\nb +green +\d+s\n$/,
    );
    expect(k(c, 'get shirts -o wide').stdout).toMatch(/^NAME +COLOR +SIZE +AGE\na +blue +M +/);
    expect(k(c, 'get shirts --field-selector spec.color=green -o name').stdout).toBe(
      'shirt.stable.example.com/b\n',
    );
    expect(k(c, 'get shirts --field-selector spec.size=M').stderr).toContain(
      'field label not supported: spec.size',
    );
  });

  it('keeps the status out of writes to the main resource when the status subresource is on', () => {
    const c = cluster();
    k(c, 'apply -f crd.yaml', { 'crd.yaml': SHIRTS });
    const withStatus = shirt('a', 'blue') + 'status: {sold: 3}\n';
    expect(k(c, 'apply -f a.yaml', { 'a.yaml': withStatus }).exitCode).toBe(0);
    const get = () =>
      c.requestSync({ verb: 'get', resource: 'shirts', namespace: 'default', name: 'a' });
    expect((get().body as { status?: unknown }).status).toBeUndefined();
    const obj = get().body as Record<string, unknown>;
    const r = c.requestSync({
      verb: 'update',
      resource: 'shirts',
      subresource: 'status',
      namespace: 'default',
      name: 'a',
      body: { ...obj, status: { sold: 5 } },
    });
    expect(r.code).toBe(200);
    expect((get().body as { status?: unknown }).status).toEqual({ sold: 5 });
  });
});
