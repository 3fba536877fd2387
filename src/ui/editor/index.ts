// The YAML editor's public API. Nothing here imports Monaco: it loads when the editor renders.
export type { EditorMarker, YamlEditorProps } from './types';
export { MARKER_OWNER } from './types';
export { LazyYamlEditor, YamlEditor, preloadYamlEditor } from './YamlEditor';
export { PlainYamlEditor } from './PlainYamlEditor';
export { EXAMPLES, DEFAULT_EXAMPLE, type ExampleManifest } from './examples';
export { BUFFER_KEY, loadBuffer, saveBuffer } from './persist';
export { SCHEMA_KINDS, type SchemaKind } from './schemas/kinds';
