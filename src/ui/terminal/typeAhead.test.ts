import { describe, expect, it } from 'vitest';
import { LineEditor } from './lineEditor';
import { TypeAhead } from './typeAhead';

/** A terminal whose commands run until `finish()`: what it ran, and the line being typed. */
function terminal() {
  const editor = new LineEditor();
  const ran: string[] = [];
  let running = false;
  let interrupted = 0;
  const t = new TypeAhead(
    (d) => {
      const { action } = editor.input(d);
      if (action.type === 'submit') {
        ran.push(action.line);
        running = true;
      }
    },
    () => running,
    () => {
      interrupted++;
      running = false;
    },
  );
  const type = (text: string) => {
    for (const ch of text) t.input(ch);
  };
  const finish = () => {
    running = false;
    t.idle();
  };
  return { t, editor, ran, type, finish, interrupted: () => interrupted };
}

describe('terminal type-ahead', () => {
  it('keeps keys typed while a command prints and types them at the next prompt', () => {
    const term = terminal();
    term.type('kubectl get pods\r');
    expect(term.ran).toEqual(['kubectl get pods']);
    term.type('kubectl logs web');
    // Still printing: nothing typed reaches the line yet, and nothing is lost.
    expect(term.editor.line).toBe('');
    expect(term.t.waiting).toBe('kubectl logs web'.length);
    term.finish();
    expect(term.editor.line).toBe('kubectl logs web');
    expect(term.t.waiting).toBe(0);
  });

  it('runs a command typed ahead with its Enter, and keeps what follows for after it', () => {
    const term = terminal();
    term.type('kubectl get pods\r');
    term.type('kubectl get nodes\rkubectl get events');
    term.finish();
    expect(term.ran).toEqual(['kubectl get pods', 'kubectl get nodes']);
    expect(term.editor.line).toBe('');
    term.finish();
    expect(term.editor.line).toBe('kubectl get events');
  });

  it('Ctrl+C interrupts the command and drops what was typed ahead, as a tty does', () => {
    const term = terminal();
    term.type('kubectl get pods -w\r');
    term.type('kubectl get');
    term.t.input('\x03');
    expect(term.interrupted()).toBe(1);
    expect(term.t.waiting).toBe(0);
    term.type('x');
    expect(term.editor.line).toBe('x');
  });
});
