import { describe, expect, it } from 'vitest';
import { LineEditor } from './lineEditor';

const type = (e: LineEditor, text: string) => {
  for (const ch of text) e.input(ch);
};

describe('terminal line editing', () => {
  it('submits the typed line and keeps it in the history', () => {
    const e = new LineEditor();
    type(e, 'kubectl get pods');
    expect(e.input('\r').action).toEqual({ type: 'submit', line: 'kubectl get pods' });
    expect(e.line).toBe('');
    expect(e.entries).toEqual(['kubectl get pods']);
  });

  it('recalls history with ↑ and ↓, restoring the draft', () => {
    const e = new LineEditor(['kubectl get nodes', 'kubectl get pods']);
    type(e, 'kub');
    e.input('\x1b[A');
    expect(e.line).toBe('kubectl get pods');
    e.input('\x1b[A');
    expect(e.line).toBe('kubectl get nodes');
    e.input('\x1b[B');
    e.input('\x1b[B');
    expect(e.line).toBe('kub');
  });

  it('edits in the middle of the line', () => {
    const e = new LineEditor();
    type(e, 'kubectl gt');
    e.input('\x1b[D');
    type(e, 'e');
    expect(e.line).toBe('kubectl get');
    e.input('\x7f');
    expect(e.line).toBe('kubectl gt');
  });

  it('asks for completion with Tab and interrupts with Ctrl+C', () => {
    const e = new LineEditor();
    type(e, 'kubectl ge');
    expect(e.input('\t').action).toEqual({ type: 'complete', line: 'kubectl ge' });
    expect(e.input('\x03').action).toEqual({ type: 'interrupt' });
    expect(e.line).toBe('');
  });

  it('runs a pasted line ending in a newline', () => {
    const e = new LineEditor();
    expect(e.input('kubectl get ns\n').action).toEqual({ type: 'submit', line: 'kubectl get ns' });
  });
});
