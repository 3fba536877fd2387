import { describe, expect, it } from 'vitest';
import { goTemplate, GoTemplateError } from './goTemplate';

const deploy = {
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' } },
  spec: { replicas: 3, big: 1000000, ratio: 0.5, containers: [{ name: 'a' }, { name: 'b' }] },
};

describe('go-template as kubectl runs it', () => {
  it('prints fields, numbers as Go prints float64, maps and missing keys as Go does', () => {
    expect(
      goTemplate('{{.metadata.name}} {{.spec.replicas}} {{.spec.big}} {{.spec.ratio}}', deploy),
    ).toBe('web 3 1000000 0.5');
    expect(goTemplate('{{.metadata.labels}}', deploy)).toBe(
      'map[app:web app.kubernetes.io/part-of:shop]',
    );
    expect(goTemplate('{{.spec.nope}}|{{.spec.nope.deeper}}', deploy)).toBe(
      '<no value>|<no value>',
    );
  });

  it('ranges over lists and maps (sorted keys), with else for an empty one', () => {
    expect(goTemplate('{{range .spec.containers}}[{{.name}}]{{end}}', deploy)).toBe('[a][b]');
    expect(goTemplate('{{range .metadata.labels}}{{.}};{{end}}', deploy)).toBe('web;shop;');
    expect(goTemplate('{{range .spec.none}}x{{else}}none{{end}}', deploy)).toBe('none');
  });

  it('if/else, index, len, eq, printf, pipes, $ and trim markers', () => {
    expect(
      goTemplate(
        '{{if eq .spec.replicas 3.0}}three{{else}}other{{end}} {{len .spec.containers}} {{index .metadata.labels "app.kubernetes.io/part-of"}} {{index .spec.containers 1 "name"}}',
        deploy,
      ),
    ).toBe('three 2 shop b');
    expect(goTemplate('{{printf "%s=%d" .metadata.name .spec.replicas}}', deploy)).toBe('web=3');
    expect(goTemplate('{{.metadata.name | printf "%q"}}', deploy)).toBe('"web"');
    expect(
      goTemplate('{{range .spec.containers}}{{$.kind}} {{- " " -}} {{.name}}\n{{end}}', deploy),
    ).toBe('Deployment a\nDeployment b\n');
  });

  it("gives kubectl's parse and execution errors", () => {
    expect(() => goTemplate('{{range .items}}', deploy)).toThrow(GoTemplateError);
    expect(() => goTemplate('{{range .items}}', deploy)).toThrow(/^error parsing template/);
    expect(() => goTemplate('{{.metadata.name.first}}', deploy)).toThrow(
      /can't evaluate field first in type string/,
    );
    expect(() => goTemplate('{{frobnicate .x}}', deploy)).toThrow(
      /function "frobnicate" not defined/,
    );
    expect(() => goTemplate('{{index .metadata.nope "x"}}', deploy)).toThrow(
      /error calling index: index of untyped nil/,
    );
  });
});
