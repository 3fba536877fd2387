export { TerminalPanel } from './TerminalPanel';
export { LineEditor, PROMPT, type LineAction } from './lineEditor';
