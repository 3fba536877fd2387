import { describe, it, expect } from 'vitest';
import { formatValidationError, formatYamlError, parseManifest, splitFieldPath } from './manifest';

const DEPLOYMENT = `# a deployment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

describe('parseManifest', () => {
  it('parses several documents and skips empty ones', () => {
    const text = `${DEPLOYMENT}---\n# just a comment\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\n`;
    const { documents } = parseManifest(text);
    expect(documents.map((d) => d.object?.kind)).toEqual(['Deployment', 'Service']);
    expect(documents.map((d) => d.index)).toEqual([0, 1]);
    expect(documents[0].errors).toEqual([]);
    expect(documents[0].range.line).toBe(2);
    expect(documents[1].range.line).toBe(22);
  });

  it('reports every syntax error of a document with its own line and column', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: x',
      '  labels: app: web',
      'spec:',
      '  containers:',
      '  - name: a',
      '   image: b',
    ].join('\n');
    const [doc] = parseManifest(text).documents;
    expect(doc.object).toBeUndefined();
    expect(doc.errors.map((e) => [e.range.line, e.range.column])).toEqual([
      [5, 11],
      [9, 1],
    ]);
    expect(formatYamlError('pod.yaml', doc.errors[0])).toBe(
      'error: error parsing pod.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context (column 11)',
    );
  });

  it('errors in one document leave the others usable', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\na: 1\na: 2\n';
    const docs = parseManifest(text).documents;
    expect(docs[0].object?.kind).toBe('ConfigMap');
    expect(docs[1].object).toBeUndefined();
    expect(docs[1].errors[0].message).toBe('mapping key "a" already defined at line 6');
    expect(docs[1].errors[0].range.line).toBe(7);
  });

  it('requires an object with apiVersion and kind, in kubectl words', () => {
    const docs = parseManifest(
      'apiVersion: v1\nmetadata:\n  name: x\n---\nmetadata:\n  name: y\n---\n- a\n- b\n',
    ).documents;
    expect(docs[0].errors.map((e) => e.message)).toEqual(['kind not set']);
    expect(docs[1].errors.map((e) => e.message)).toEqual(['apiVersion not set', 'kind not set']);
    expect(docs[2].errors.map((e) => e.message)).toEqual(['invalid object to validate']);
    expect(formatValidationError('ns.yaml', docs[0].errors)).toBe(
      'error: error validating "ns.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false',
    );
    expect(formatValidationError('x.yaml', docs[1].errors)).toContain(
      'error validating data: [apiVersion not set, kind not set];',
    );
  });
});

describe('fieldRange', () => {
  const [doc] = parseManifest(DEPLOYMENT).documents;

  it('finds the value of a field path as the API prints it', () => {
    expect(doc.fieldRange('spec.template.spec.containers[0].image')).toEqual({
      line: 18,
      column: 16,
      endLine: 18,
      endColumn: 26,
    });
    expect(doc.fieldRange('spec.replicas')).toMatchObject({ line: 7, column: 13 });
  });

  it('falls back to the nearest existing ancestor key', () => {
    expect(doc.fieldRange('spec.template.spec.restartPolicy')).toMatchObject({
      line: 15,
      column: 5,
    });
    expect(doc.fieldRange('spec.template.metadata.labels')).toMatchObject({
      line: 13,
      column: 7,
      endLine: 13,
    });
    expect(doc.fieldRange('spec.template.spec.containers[3].image')).toMatchObject({ line: 16 });
  });

  it('splits paths with keys in brackets', () => {
    expect(splitFieldPath('data[app.conf]')).toEqual(['data', 'app.conf']);
    expect(splitFieldPath('spec.containers[0].resources.limits[cpu]')).toEqual([
      'spec',
      'containers',
      '0',
      'resources',
      'limits',
      'cpu',
    ]);
  });
});

describe('YAML 1.1 scalars, as kubectl reads them', () => {
  it('yes/on are booleans, 0755 is octal, dates stay strings', () => {
    const [doc] = parseManifest(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: yes\n  b: on\n  c: 0755\n  d: 2024-01-01\n  e: "yes"\n',
    ).documents;
    expect(doc.object?.data).toEqual({ a: true, b: true, c: 493, d: '2024-01-01', e: 'yes' });
  });
});
