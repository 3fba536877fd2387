/**
 * The timeline's controller. It records what the page shows (every batch the bridge applies),
 * shows any recorded moment by restoring the store's cluster view, and turns an action taken at
 * an earlier moment into a new future: after a confirmation, the worker rebuilds the cluster at
 * that moment by deterministic replay of the run log, and the action follows.
 *
 * It hooks the store's `applyBatches`/`applySnapshot` and the bridge's `send`, so neither needs to
 * know about time travel: while a past moment is shown, live batches go into the history only.
 */
import { createStore } from 'zustand/vanilla';
import type { WorkerBridge } from '../bridge';
import type { AppStore } from '../store';
import type { BatchMessage, UiCommand } from '../../protocol';
import { ask } from '../share/shareStore';
import { reduceBatches } from '../store/clusterSlice';
import { History, viewOf, type Marker } from './history';

export interface TimelineState {
  /** The moment shown, or null at the live edge. */
  viewAt: number | null;
  start: number;
  end: number;
  markers: readonly Marker[];
  /**
   * Where the run shown began, changed by each snapshot: `new` for a new cluster (its clock
   * starts again), `future` for a new future from `at` (what came after `at` is dropped).
   */
  origin: { seq: number; kind: 'new' | 'future'; at: number };
}

export const timelineStore = createStore<TimelineState>()(() => ({
  viewAt: null,
  start: 0,
  end: 0,
  markers: [],
  origin: { seq: 0, kind: 'new', at: 0 },
}));

/** Requests that act on the cluster: taken at a past moment, they start a new future. */
const ACTING = new Set(['apply', 'delete', 'kubectl', 'fault', 'logs', 'traffic']);

function clockText(ms: number): string {
  // As the playback clock shows it: tenths, rounded down.
  const tenths = Math.floor(Math.max(0, ms) / 100);
  const min = Math.floor(tenths / 600);
  return `${String(min).padStart(2, '0')}:${((tenths % 600) / 10).toFixed(1).padStart(4, '0')}`;
}

export class TimelineController {
  readonly history = new History();
  private wasPlaying = false;
  /** The moment a new future is being rebuilt at; its snapshot truncates the history. */
  private rebuildingAt: number | null = null;
  private readonly send: (cmd: UiCommand) => void;

  constructor(
    private readonly store: AppStore,
    private readonly bridge: WorkerBridge,
  ) {
    const state = store.getState();
    const applyBatches = state.applyBatches;
    const applySnapshot = state.applySnapshot;
    this.history.start(viewOf(state));
    store.setState({
      applyBatches: (msgs: readonly BatchMessage[]) => {
        if (timelineStore.getState().viewAt === null) {
          applyBatches(msgs);
          this.history.record(msgs, viewOf(this.store.getState()));
        } else {
          // A past moment is shown: the live state moves on in the history only.
          const live = this.history.liveView ?? viewOf(this.store.getState());
          const after = { ...live, ...reduceBatches({ ...this.store.getState(), ...live }, msgs) };
          this.history.record(msgs, viewOf({ ...this.store.getState(), ...after }));
        }
        this.publish();
      },
      applySnapshot: (msg) => {
        const at = this.rebuildingAt;
        this.rebuildingAt = null;
        applySnapshot(msg);
        const view = viewOf(this.store.getState());
        const future = at !== null && Math.abs(msg.simTime - at) < 1;
        if (future) {
          this.history.truncate(at);
          this.history.record([], view);
        } else this.history.start(view);
        const seq = timelineStore.getState().origin.seq + 1;
        timelineStore.setState({
          viewAt: null,
          origin: { seq, kind: future ? 'future' : 'new', at: msg.simTime },
        });
        this.publish();
      },
    });
    this.send = bridge.send.bind(bridge);
    bridge.send = (cmd) => this.intercept(cmd);
  }

  private publish(): void {
    timelineStore.setState({
      start: this.history.start_,
      end: this.history.end,
      markers: this.history.markers.slice(),
    });
  }

  /** Shows virtual time `at`; at or past the live edge, the live page again. */
  seek(at: number): void {
    const end = this.history.end;
    if (at >= end) return this.goLive();
    const s = this.store.getState();
    if (timelineStore.getState().viewAt === null) {
      this.wasPlaying = s.playback.playing;
      if (s.playback.playing) this.send({ type: 'control', action: 'pause' });
    }
    const t = Math.max(this.history.start_, at);
    const view = this.history.viewAt(t);
    this.store.setState({ ...view, lastTrace: this.history.inFlight(t) });
    timelineStore.setState({ viewAt: t });
  }

  /** Back to the live edge, as it is now. */
  goLive(): void {
    if (timelineStore.getState().viewAt === null) return;
    const live = this.history.liveView;
    if (live) this.store.setState({ ...live, lastTrace: [] });
    timelineStore.setState({ viewAt: null });
    if (this.wasPlaying) this.send({ type: 'control', action: 'play' });
    this.wasPlaying = false;
  }

  /** ← / →: the moment the previous (next) message was sent, drawn in flight. */
  stepMessage(direction: -1 | 1): void {
    const now = timelineStore.getState().viewAt ?? this.history.end;
    const e =
      direction < 0 ? this.history.messageBefore(now) : this.history.messageAfter(now + 1e-6);
    if (!e) return direction > 0 ? this.goLive() : undefined;
    this.seek(e.sentAt);
    if (timelineStore.getState().viewAt !== null) this.store.setState({ lastTrace: [e] });
  }

  /** Marks user actions sent live; at a past moment, asks before starting a new future. */
  private intercept(cmd: UiCommand): void {
    const viewAt = timelineStore.getState().viewAt;
    const acting =
      (cmd.type === 'request' && ACTING.has(cmd.op)) ||
      (cmd.type === 'control' && ['play', 'step', 'advance'].includes(cmd.action));
    if (viewAt === null || !acting) {
      if (cmd.type === 'request' && ACTING.has(cmd.op))
        this.history.markAction(this.store.getState().simTime, actionLabel(cmd));
      if (cmd.type === 'reset') this.rebuildingAt = null;
      return this.send(cmd);
    }
    void this.newFuture(viewAt, cmd);
  }

  private async newFuture(at: number, cmd: UiCommand): Promise<void> {
    const what = cmd.type === 'control' ? 'Play from here' : 'Act at this moment';
    const yes = await ask(
      `Start a new future at ${clockText(at)}?`,
      `${what}: the cluster is rebuilt as it was at ${clockText(at)}, and everything after it (${clockText(this.history.end - at)} of the run) is dropped.`,
      'Start a new future',
      'Back to the live edge',
    );
    if (!yes) {
      this.goLive();
      return this.intercept(cmd);
    }
    const log = this.bridge.runLog();
    if (!log) return;
    this.rebuildingAt = at;
    // The run up to `at`, rebuilt by the worker; its snapshot comes before the command.
    this.send({
      type: 'restore',
      log: { shape: log.shape, actions: log.actions.filter((a) => a.at <= at), until: at },
    });
    this.wasPlaying = false;
    this.intercept(cmd);
  }
}

function actionLabel(cmd: Extract<UiCommand, { type: 'request' }>): string {
  const args = cmd.args as { command?: string; fault?: Record<string, string>; manifest?: string };
  switch (cmd.op) {
    case 'kubectl':
      return `kubectl ${args.command ?? ''}`;
    case 'fault':
      return `fault: ${Object.entries(args.fault ?? {})
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`;
    case 'apply':
    case 'delete': {
      const names = [...(args.manifest ?? '').matchAll(/^kind:\s*(\S+)/gm)].map((m) => m[1]);
      return `${cmd.op} ${names.join(', ') || 'manifest'}`;
    }
    default:
      return cmd.op;
  }
}

let installed: TimelineController | null = null;

/** The page's one timeline controller, hooked into the store and the bridge at first use. */
export function timelineController(store: AppStore, bridge: WorkerBridge): TimelineController {
  installed ??= new TimelineController(store, bridge);
  return installed;
}
