/**
 * Monaco, cut down to the editor core plus the YAML language, with monaco-yaml configured with
 * the Kubernetes schema. This module is only reached through a dynamic import (the lazy editor),
 * so none of it is in the first paint's bundle. Everything is bundled: no CDN, no network.
 */
// The editor core with all its contributions (find, hover, suggest, folding, …) but without the
// css/html/json/typescript language services that `monaco-editor`'s main entry adds (megabytes).
import 'monaco-editor/esm/vs/editor/edcore.main.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
// Syntax highlighting for YAML comes from Monaco's basic language, not from monaco-yaml.
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import schemaText from './schemas/generated/kubernetes.schema.json?raw';
import YamlWorker from './yaml.worker?worker';

// Monaco asks for a worker by label: 'yaml' for monaco-yaml, 'editorWorkerService' for the rest.
window.MonacoEnvironment = {
  getWorker(_moduleId: string, label: string): Worker {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

/** Models get URIs under this folder; the schema applies to every YAML file in it. */
export const MODEL_FOLDER = 'file:///kubeglass/';

configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  completion: true,
  hover: true,
  validate: true,
  // The source link under each hover would point at a URI that is not a web page.
  hoverSchemaSource: false,
  // kubectl parses manifests with sigs.k8s.io/yaml (go-yaml v2), i.e. YAML 1.1: `on`, `yes` are
  // booleans and `0644` is octal, so `value: yes` in an env var is flagged as kubectl would.
  yamlVersion: '1.1',
  schemas: [
    {
      // Not fetched (enableSchemaRequest is false): it only names the schema.
      uri: 'https://kubeglass.invalid/schemas/kubernetes.schema.json',
      fileMatch: ['**/kubeglass/*.yaml'],
      schema: JSON.parse(schemaText) as object,
    },
  ],
});

export { monaco };
