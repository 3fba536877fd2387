/**
 * The kubectl terminal: xterm.js with a `$ ` prompt, history (↑/↓), Tab completion of commands,
 * flags and object names, copy (selection, Ctrl+Shift+C) and paste (Ctrl+Shift+V or the
 * browser's), `clear`/Ctrl+L, Ctrl+C to cancel a `-w`/`-f` stream, and type-ahead (keys typed while
 * a command prints act once its prompt is back). Each command runs in the
 * worker as the `kubectl` client, so its requests animate in the diagram.
 */
import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { complete, commonPrefix } from '../../engine/publicCompletion';
import { useBridge } from '../bridge';
import type { WorkerBridge } from '../bridge';
import type { StdinEvent } from '../../protocol';
import { EXAMPLES } from '../editor';
import { appStore } from '../store';
import { LineEditor, PROMPT } from './lineEditor';
import { readsStdin } from './session';
import { timelineStore } from '../timeline/controller';
import { Transcript } from './transcript';
import { TypeAhead } from './typeAhead';

const HISTORY_KEY = 'kubeglass.terminal.history.v1';

/** Dark, high-contrast colours that stay readable on a projector. */
const THEME = {
  background: '#0d1117',
  foreground: '#e6edf3',
  cursor: '#f0f6fc',
  selectionBackground: '#3b5070',
  black: '#484f58',
  red: '#ff7b72',
  green: '#56d364',
  yellow: '#e3b341',
  blue: '#79c0ff',
  magenta: '#d2a8ff',
  cyan: '#56d4dd',
  white: '#f0f6fc',
};

function loadHistory(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Object names for completion, from the UI's copy of the cluster. */
function namesFor(plural: string, namespace: string | undefined): string[] {
  const { objects } = appStore.getState();
  const out: string[] = [];
  const prefix = plural === 'nodes' ? '/registry/minions/' : `/${plural}/`;
  objects.forEach((rec) => {
    const key = rec.key;
    if (plural === 'nodes' ? !key.startsWith(prefix) : !key.includes(prefix)) return;
    if (namespace && rec.namespace !== namespace) return;
    out.push(rec.name);
  });
  return out;
}

/** The files `apply -f` can name: the editor's text as it is now, and the examples. */
function editorFiles(): Record<string, string> {
  const files: Record<string, string> = { 'editor.yaml': appStore.getState().editorText };
  for (const ex of EXAMPLES) files[`${ex.id}.yaml`] = ex.yaml;
  return files;
}

/** Runs one command line; its output is pushed as it is printed, until it ends or is cancelled. */
class Runner {
  private readonly abort = new AbortController();
  private sendInput: ((e: StdinEvent) => void) | undefined;
  /** The line being typed into the session (echoed locally, sent on Enter). */
  line = '';

  constructor(
    private readonly bridge: WorkerBridge,
    private readonly write: (text: string) => void,
    /** What is typed goes to the process in the pod (`exec -it`). */
    readonly interactive: boolean,
  ) {}

  async run(command: string): Promise<void> {
    await this.bridge.request(
      { type: 'kubectl', command, files: editorFiles() },
      {
        onOutput: (text) => !this.abort.signal.aborted && this.write(text),
        signal: this.abort.signal,
        input: (send) => (this.sendInput = send),
      },
    );
  }

  /** Typed into the session: a line, Ctrl+D or Ctrl+C. */
  input(e: StdinEvent): void {
    this.sendInput?.(e);
  }

  /** Ctrl+C: the worker cancels the command; what it prints after is not shown. */
  cancel(): void {
    this.abort.abort();
  }
}

/** The Terminal dock tab: a kubectl prompt connected to the simulated cluster. */
export function TerminalPanel() {
  const bridge = useBridge();
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      convertEol: true,
      cursorBlink: true,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      fontSize: 15,
      lineHeight: 1.15,
      scrollback: 5000,
      theme: THEME,
    });
    term.open(el);
    if (term.textarea) term.textarea.setAttribute('aria-label', 'kubectl terminal');
    const editor = new LineEditor(loadHistory());
    let running: Runner | undefined;
    let lastTab = '';

    const fit = () => {
      // A small fit: columns and rows from the cell size xterm measured.
      const core = term as unknown as {
        _core?: {
          _renderService?: { dimensions?: { css?: { cell?: { width: number; height: number } } } };
        };
      };
      const cell = core._core?._renderService?.dimensions?.css?.cell;
      if (!cell || !cell.width || !cell.height) return;
      const cols = Math.max(20, Math.floor((el.clientWidth - 16) / cell.width));
      const rows = Math.max(4, Math.floor((el.clientHeight - 8) / cell.height));
      if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
    };
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    requestAnimationFrame(fit);

    // Everything shown is kept with its virtual time: the timeline shows the terminal as it was.
    const transcript = new Transcript();
    const live = () => timelineStore.getState().viewAt === null;
    const now = () => (live() ? appStore.getState().simTime : timelineStore.getState().end);
    const screen = {
      /** What the learner types (and its prompt) shows at any moment shown. */
      write(text: string) {
        transcript.write(now(), text);
        term.write(text);
      },
      /** A command's output shows live only: a past moment shows what was printed by then. */
      output(text: string) {
        transcript.write(now(), text);
        if (live()) term.write(text);
      },
      writeln(text: string) {
        screen.write(`${text}\r\n`);
      },
      clear() {
        transcript.clear(now());
        if (live()) term.clear();
      },
    };
    /** Redraws the screen as it was at `at` (the live screen when `at` is null). */
    const redraw = (at: number | null) => {
      term.reset();
      for (const e of transcript.upTo(at ?? Infinity)) {
        if ('clear' in e) term.clear();
        else term.write(e.text);
      }
    };
    const timeline = timelineStore.subscribe((t, prev) => {
      if (t.origin.seq !== prev.origin.seq) {
        if (t.origin.kind === 'future') {
          // The screen shows that moment and the command that started the new future: kept.
          transcript.truncate(t.origin.at);
          return;
        }
        transcript.rebase();
      }
      if (t.viewAt !== prev.viewAt) redraw(t.viewAt);
    });

    const prompt = () => screen.write(PROMPT);
    screen.writeln(
      'kubectl connected to the simulated cluster (Kubernetes v1.31). Try: kubectl get nodes',
    );
    screen.writeln(
      'Tab completes · ↑/↓ history · Ctrl+C cancels · `clear` clears · Esc then Tab leaves the terminal',
    );
    prompt();

    const saveHistory = () => {
      try {
        localStorage.setItem(HISTORY_KEY, JSON.stringify(editor.entries.slice(-200)));
      } catch {
        // storage full or disabled: history lives for this session only
      }
    };

    const execute = (line: string) => {
      screen.write('\r\n');
      const trimmed = line.trim();
      saveHistory();
      if (!trimmed) return prompt();
      if (trimmed === 'clear') {
        screen.clear();
        screen.write('\x1b[2J\x1b[H');
        return prompt();
      }
      if (trimmed === 'help') {
        screen.writeln(
          'Type kubectl commands: kubectl get pods, kubectl describe node worker-1, kubectl logs POD …',
        );
        return prompt();
      }
      const words = trimmed.split(/\s+/);
      // curl runs on the learner's machine: `curl localhost:8080` through a port-forward.
      if (words[0] !== 'kubectl' && words[0] !== 'k' && words[0] !== 'curl') {
        screen.writeln(`${words[0]}: command not found (this terminal runs kubectl and curl)`);
        return prompt();
      }
      const runner = new Runner(bridge, (t) => screen.output(t), readsStdin(words));
      running = runner;
      runner
        .run(trimmed)
        .catch((e: unknown) =>
          screen.writeln(`error: ${e instanceof Error ? e.message : String(e)}`),
        )
        .finally(() => {
          if (running === runner) {
            running = undefined;
            prompt();
            typeAhead.idle();
          }
        });
    };

    const onTab = (beforeCursor: string) => {
      const c = complete(beforeCursor, namesFor);
      if (c.candidates.length === 0) return;
      const word = beforeCursor.slice(c.from);
      const rest = editor.line.slice(editor.cursor);
      if (c.candidates.length === 1) {
        const only = c.candidates[0];
        const suffix = only.endsWith('/') || only.endsWith('=') ? '' : ' ';
        editor.set(beforeCursor.slice(0, c.from) + only + suffix);
        editor.line += rest;
        screen.write(editor.render());
        return;
      }
      const prefix = commonPrefix(c.candidates);
      if (prefix.length > word.length) {
        editor.set(beforeCursor.slice(0, c.from) + prefix);
        editor.line += rest;
        screen.write(editor.render());
      } else if (lastTab === beforeCursor) {
        // Second Tab: list the candidates, as bash does.
        screen.write('\r\n' + c.candidates.join('  ') + '\r\n');
        screen.write(editor.render());
      }
      lastTab = beforeCursor;
    };

    const atPrompt = (d: string) => {
      const { action, redraw } = editor.input(d);
      if (redraw) screen.write(editor.render());
      if (action.type !== 'complete') lastTab = '';
      switch (action.type) {
        case 'submit':
          return execute(action.line);
        case 'interrupt':
          screen.write('^C\r\n');
          return prompt();
        case 'clear':
          screen.clear();
          return screen.write(editor.render());
        case 'complete':
          return onTab(action.line);
      }
    };
    // Keys typed while a command prints are kept and handled once its prompt is back.
    const typeAhead = new TypeAhead(
      atPrompt,
      () => running !== undefined,
      () => {
        running?.cancel();
        running = undefined;
        screen.write('^C\r\n');
        prompt();
      },
    );
    /** Keys typed into a session in a pod: echoed here, sent a line at a time. */
    const sessionInput = (r: Runner, d: string) => {
      if (d.startsWith('\x1b')) return; // arrows and other escapes: no line editing remotely
      for (const ch of d) {
        if (ch === '\r') {
          screen.write('\r\n');
          r.input({ line: r.line });
          r.line = '';
        } else if (ch === '\x7f' || ch === '\b') {
          if (!r.line) continue;
          r.line = r.line.slice(0, -1);
          screen.write('\b \b');
        } else if (ch === '\x03') {
          screen.write('^C\r\n');
          r.line = '';
          r.input({ interrupt: true });
        } else if (ch === '\x04') {
          if (!r.line) r.input({ eof: true });
        } else if (ch >= ' ') {
          r.line += ch;
          screen.write(ch);
        }
      }
    };
    const data = term.onData((d) =>
      running?.interactive ? sessionInput(running, d) : typeAhead.input(d),
    );

    // Ctrl+Shift+C copies the selection, Ctrl+Shift+V pastes; Escape lets Tab leave the terminal.
    let escaped = false;
    term.attachCustomKeyEventHandler((ev) => {
      if (ev.type !== 'keydown') return true;
      if (ev.key === 'Escape') {
        escaped = true;
        return true;
      }
      if (ev.key === 'Tab' && escaped) {
        escaped = false;
        return false; // the browser moves focus on
      }
      escaped = false;
      if (ev.ctrlKey && ev.shiftKey && (ev.key === 'C' || ev.key === 'c')) {
        if (term.hasSelection()) void navigator.clipboard?.writeText(term.getSelection());
        return false;
      }
      if (ev.ctrlKey && ev.shiftKey && (ev.key === 'V' || ev.key === 'v')) {
        void navigator.clipboard?.readText().then((t) => term.paste(t));
        return false;
      }
      return true;
    });

    return () => {
      data.dispose();
      timeline();
      observer.disconnect();
      running?.cancel();
      term.dispose();
    };
  }, [bridge]);

  return (
    <div className="kg-terminal" aria-describedby="kg-terminal-help">
      <p id="kg-terminal-help" className="kg-visually-hidden">
        kubectl terminal. Type commands and press Enter. Press Escape then Tab to leave the
        terminal.
      </p>
      <div className="kg-terminal-screen" ref={host} />
    </div>
  );
}
