// The YAML language worker (yaml-language-server) of monaco-yaml. Imported through this file with
// `?worker` rather than directly: monaco-yaml's documented workaround for Vite, which otherwise
// fails in dev with "Unexpected usage at EditorSimpleWorker.loadForeignModule".
import 'monaco-yaml/yaml.worker.js';
