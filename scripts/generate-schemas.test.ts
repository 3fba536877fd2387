import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../src/ui/editor/examples';
import { GENERATED_SCHEMA_FILE, SCHEMA_KINDS } from '../src/ui/editor/schemas/kinds';
import { generateSchemas, type JsonSchema } from './generate-schemas';

/**
 * A validator for the JSON Schema keywords the generator emits (type, const, enum, properties,
 * required, additionalProperties, items, $ref, allOf, if/then): enough to check what the editor's
 * validation will say about a document. Returns the paths of the failures.
 */
function validate(root: JsonSchema, schema: JsonSchema, value: unknown, path = ''): string[] {
  const errors: string[] = [];
  const at = path || '/';
  if (typeof schema.$ref === 'string') {
    const name = decodeURIComponent(schema.$ref.replace('#/definitions/', ''));
    const target = (root.definitions as Record<string, JsonSchema>)[name];
    if (!target) return [`${at}: dangling $ref ${schema.$ref}`];
    errors.push(...validate(root, target, value, path));
  }
  if (schema.type !== undefined) {
    const types = ([] as unknown[]).concat(schema.type);
    const actual =
      value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as string);
    if (!types.includes(actual)) return [...errors, `${at}: expected ${types.join('|')}`];
  }
  if ('const' in schema && schema.const !== value) errors.push(`${at}: must be ${schema.const}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${at}: not in enum`);
  if (typeof schema.pattern === 'string' && typeof value === 'string')
    if (!new RegExp(schema.pattern).test(value)) errors.push(`${at}: does not match pattern`);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema.required ?? []) as string[]) {
      if (!(key in object)) errors.push(`${path}/${key}: required`);
    }
    for (const [key, child] of Object.entries(object)) {
      if (key in properties)
        errors.push(...validate(root, properties[key], child, `${path}/${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}/${key}: not allowed`);
      else if (typeof schema.additionalProperties === 'object') {
        errors.push(
          ...validate(root, schema.additionalProperties as JsonSchema, child, `${path}/${key}`),
        );
      }
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) =>
      errors.push(...validate(root, schema.items as JsonSchema, item, `${path}/${i}`)),
    );
  }
  for (const part of (schema.allOf ?? []) as JsonSchema[]) {
    if (part.if && validate(root, part.if as JsonSchema, value, path).length === 0) {
      errors.push(...validate(root, part.then as JsonSchema, value, path));
    } else if (!part.if) {
      errors.push(...validate(root, part, value, path));
    }
  }
  return errors;
}

let outDir: string;
let schema: JsonSchema;
let definitions: Record<string, JsonSchema>;

/** The errors the schema reports for each document of a YAML text (YAML 1.1, like kubectl). */
function check(text: string): string[][] {
  return parseAllDocuments(text, { version: '1.1' }).map((doc) => {
    expect(doc.errors).toEqual([]);
    return validate(schema, schema, doc.toJS());
  });
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'kubeglass-schemas-'));
  expect(await generateSchemas(outDir, true)).toBe(true);
  schema = JSON.parse(readFileSync(join(outDir, GENERATED_SCHEMA_FILE), 'utf8')) as JsonSchema;
  definitions = schema.definitions as Record<string, JsonSchema>;
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('generate-schemas', () => {
  it('skips the work when the output is up to date', async () => {
    expect(await generateSchemas(outDir)).toBe(false);
  });

  it('has a schema for every kind, with apiVersion and kind required and constant', () => {
    for (const { kind, apiVersion } of SCHEMA_KINDS) {
      const root = definitions[kind];
      const properties = root.properties as Record<string, JsonSchema>;
      expect(root.required).toEqual(expect.arrayContaining(['apiVersion', 'kind']));
      expect(properties.apiVersion.const).toBe(apiVersion);
      expect(properties.kind.const).toBe(kind);
    }
  });

  it('keeps kubernetes-types required/optional fields and TSDoc descriptions', () => {
    expect(definitions.DeploymentSpec.required).toEqual(['selector', 'template']);
    // Container.image is optional in the API (higher-level config may set it); name is required.
    expect(definitions.Container.required).toEqual(['name']);
    expect(definitions.PodSpec.required).toEqual(['containers']);
    const replicas = (definitions.DeploymentSpec.properties as Record<string, JsonSchema>).replicas;
    expect(replicas.description).toMatch(/^Number of desired pods\./);
  });

  it('accepts numbers and strings for IntOrString and Quantity fields', () => {
    const [pod] = check(`apiVersion: v1
kind: Pod
metadata: {name: p, creationTimestamp: null}
spec:
  containers:
    - name: c
      resources: {requests: {cpu: 0.5, memory: 64Mi}, limits: {cpu: "1", memory: 128974848}}
`);
    expect(pod).toEqual([]);
    const [service] = check(`apiVersion: v1
kind: Service
metadata: {name: s}
spec: {ports: [{port: 80, targetPort: http}, {port: 81, targetPort: 8081}]}
`);
    expect(service).toEqual([]);
  });

  it('validates each document of a multi-document file against its own kind', () => {
    const [pod, deployment, wrongVersion, unknown] = check(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: c, image: nginx:1.27}], replicas: 3}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  replica: 3
  template: {spec: {containers: [{image: nginx:1.27}]}}
---
apiVersion: v1
kind: Deployment
---
apiVersion: v1
kind: Gadget
`);
    expect(pod).toEqual(['/spec/replicas: not allowed']);
    expect(deployment).toEqual(
      expect.arrayContaining([
        '/spec/selector: required',
        '/spec/replica: not allowed',
        '/spec/template/spec/containers/0/name: required',
      ]),
    );
    expect(wrongVersion).toEqual(['/apiVersion: must be apps/v1']);
    expect(unknown).toEqual(['/kind: not in enum']);
  });

  // crd: a custom resource's kind and schema are its CRD's, which only the API server knows.
  it('leaves a custom resource (a dotted group not built in) to the API server', () => {
    const [shirt, typo, builtIn] = check(`apiVersion: stable.example.com/v1
kind: Shirt
metadata: {name: example1}
spec: {color: blue}
---
apiVersion: app/v1
kind: Deployment
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Rolle
`);
    expect(shirt).toEqual([]);
    expect(typo).toContain('/apiVersion: not in enum');
    expect(builtIn).toEqual(['/kind: not in enum']);
  });

  it('accepts every example manifest (the invalid one fails API validation, not the schema)', () => {
    for (const example of EXAMPLES) {
      expect({ id: example.id, errors: check(example.yaml).flat() }).toEqual({
        id: example.id,
        errors: [],
      });
    }
  });
});
