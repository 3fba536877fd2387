// The YAML editor's public API. Nothing here imports Monaco: it loads when the editor renders.
export type { EditorMarker, YamlEditorProps } from './types';
export { MARKER_OWNER } from './types';
export { LazyYamlEditor, YamlEditor, preloadYamlEditor } from './YamlEditor';
export { PlainYamlEditor } from './PlainYamlEditor';
export { EXAMPLES, DEFAULT_EXAMPLE, type ExampleManifest } from './examples';
export { BUFFER_KEY, loadBuffer, saveBuffer, persistEditorText, SAVE_DELAY_MS } from './persist';
export { BufferSaveStatus } from './BufferSaveStatus';
export { SCHEMA_KINDS, type SchemaKind } from './schemas/kinds';
