import { Cluster, DEFAULT_CONFIG } from '../engine/cluster';
import { EPOCH_MS } from '../engine/sim/clock';
import {
  PROTOCOL_VERSION,
  type ClusterShape,
  type ComponentInfo,
  type RequestMessage,
  type RequestOp,
  type RequestResult,
  type UiToWorker,
  type WorkerToUi,
} from '../protocol';
import { Batcher } from './batcher';
import { componentInfos } from './components';
import { FRAME_MS, Playback } from './fastForward';
import { applyOp, deleteOp } from './ops/apply';
import type { Answer, Op, OpContext } from './ops/context';
import { faultOp } from './ops/fault';
import { inspectOp } from './ops/inspect';
import { KubectlOps } from './ops/kubectl';
import { logsOp } from './ops/logs';
import { trafficOp } from './ops/traffic';
import { RunRecorder } from './ops/record';
import { exportScenarioOp, openScenarioOp, replayOp, runLogOp } from './ops/seek';
import type { Clock } from '../engine/sim/clock';
import type { RecordedRun } from '../engine/replay/run';
import { Pacer } from './pacing';

/** Messages kept from an instant skip for the UI to animate. */
const MAX_SKIP_TRACE = 400;
/** Components are compared for changes at most this often (wall ms). */
const COMPONENTS_EVERY_MS = 250;

/**
 * The engine's host: receives the UI's messages and hands each operation to its module
 * (`ops/`), paces virtual time (`Playback`, `Pacer`) and sends what changed once per frame
 * (`Batcher`). The timer and the wall clock are injected so it runs under Node in tests too.
 */
export class Host implements OpContext {
  readonly version = PROTOCOL_VERSION;
  cluster!: Cluster;
  private shape: ClusterShape = { ...DEFAULT_CONFIG };
  private pacer!: Pacer;
  private readonly batcher = new Batcher();
  private readonly playback: Playback;
  private lastTick = 0;
  private lastComponents = '';
  private lastComponentsAt = 0;
  private readonly kubectl = new KubectlOps();
  /** Each operation's module. */
  private readonly ops: { [K in RequestOp]: Op<K> } = {
    apply: applyOp,
    delete: deleteOp,
    logs: logsOp,
    traffic: trafficOp,
    inspect: inspectOp,
    fault: faultOp,
    kubectl: (ctx, args, answer) => this.kubectl.run(ctx, args, answer),
    runLog: (_ctx, _args, answer) => runLogOp(this, answer),
    replay: (_ctx, args, answer) => replayOp(this, args, answer),
    exportScenario: (_ctx, args, answer) => exportScenarioOp(this, args, answer),
    openScenario: (_ctx, args, answer) => openScenarioOp(this, args, answer),
  };
  /** Every user action with its moment: what links, scenario files and replays are made of. */
  private readonly recorder = new RunRecorder();
  /** While a run is rebuilt, answers and batches go here instead of to the UI. */
  private replaySink: ((m: WorkerToUi) => void) | null = null;

  constructor(
    private readonly send: (m: WorkerToUi) => void,
    private readonly setTimer: (fn: () => void, ms: number) => unknown,
    private readonly wallNow: () => number,
  ) {
    this.playback = new Playback(wallNow, () => this.batcher.keepLastTrace(MAX_SKIP_TRACE));
    this.reset(this.shape);
    this.loop();
  }

  get objects() {
    return this.batcher.objects;
  }

  post(m: WorkerToUi): void {
    if (this.replaySink) this.replaySink(m);
    else this.send(m);
  }

  /** The run so far, seen now. */
  recordedRun(): RecordedRun {
    return this.recorder.run(this.cluster.clock);
  }

  /**
   * A new cluster of `shape` on which `prepare` performs recorded actions (a shared run, a new
   * future, a scenario) through the same operations as live, before the UI's snapshot; their
   * answers go to `sink` meanwhile. The rebuilt cluster is shown paused.
   */
  rebuild(
    shape: ClusterShape,
    prepare: (dispatch: (m: UiToWorker) => void, clock: Clock) => void,
    sink: (m: WorkerToUi) => void,
  ): void {
    this.replaySink = sink;
    try {
      this.reset(shape, () => {
        prepare((m) => this.handle(m), this.cluster.clock);
        // Output of replayed commands is not the UI's: the terminal never asked for it.
        this.kubectl.flush();
        // The snapshot of the rebuilt cluster is for the UI.
        this.replaySink = null;
      });
    } finally {
      this.replaySink = null;
    }
  }

  receive(msg: UiToWorker): void {
    if (msg?.v !== PROTOCOL_VERSION) {
      this.post({
        type: 'protocolError',
        message: `The page speaks protocol version ${String(msg?.v)}, the simulation ${PROTOCOL_VERSION}: reload the page.`,
      });
      return;
    }
    try {
      this.handle(msg);
    } catch (e) {
      this.post({ type: 'fatal', message: (e as Error).message || String(e) });
    }
  }

  private handle(msg: UiToWorker): void {
    this.recorder.record(msg, this.cluster.clock);
    switch (msg.type) {
      case 'reset':
        return this.reset(msg.shape);
      case 'control':
        this.playback.control(msg, this.cluster.clock, this.pacer);
        return this.flush(true);
      case 'request':
        return this.request(msg);
      case 'cancel':
        return this.kubectl.cancel(msg.requestId);
      default:
        this.post({
          type: 'protocolError',
          message: `The simulation does not know the message type ${JSON.stringify((msg as { type?: unknown }).type)}.`,
        });
    }
  }

  /** Hands a request to its operation's module, with the way to answer it. */
  private request<K extends RequestOp>(msg: RequestMessage & { op: K }): void {
    const op = this.ops[msg.op] as Op<K> | undefined;
    const { requestId } = msg;
    if (!op) {
      this.post({ type: 'requestError', requestId, message: `unknown operation ${msg.op}` });
      return;
    }
    const answer: Answer<K> = {
      requestId,
      reply: (result: RequestResult<K>) =>
        this.post({ type: 'result', op: msg.op, requestId, result } as WorkerToUi),
      output: (text) => this.post({ type: 'output', requestId, text }),
    };
    op(this, msg.args, answer);
  }

  private reset(shape: ClusterShape, prepare?: () => void): void {
    this.kubectl.clear();
    this.playback.endFastForward();
    this.shape = { ...shape, workers: Math.max(1, Math.min(50, Math.floor(shape.workers))) };
    this.cluster = new Cluster(this.shape);
    this.pacer = new Pacer(this.cluster.clock);
    this.cluster.start();
    this.recorder.start(this.shape);
    let objects = this.batcher.start(this.cluster.storedObjects());
    // From here on every message, decision and object change is recorded for the UI (a reset
    // drops the old cluster with its listeners).
    this.cluster.onTrace((e) => {
      this.batcher.message(e);
      this.pacer.observe(e);
    });
    this.cluster.scheduler.subscribe((d) => this.batcher.decision(d));
    this.cluster.observeObjects(this.cluster.etcdStore.revision, (c) => this.batcher.object(c));
    if (prepare) {
      prepare();
      objects = this.batcher.start(this.cluster.storedObjects());
      this.playback.control({ action: 'pause' }, this.cluster.clock, this.pacer);
    }
    const components = componentInfos(this.cluster);
    this.lastComponents = JSON.stringify(components);
    this.post({
      type: 'snapshot',
      version: PROTOCOL_VERSION,
      simTime: this.cluster.clock.now,
      epochMs: EPOCH_MS,
      revision: this.cluster.etcdStore.revision,
      shape: this.shape,
      components,
      objects,
      playback: this.playback.state,
    });
  }

  /** Every frame: advance virtual time as playback says, then send what changed. */
  private loop(): void {
    this.lastTick = this.wallNow();
    const tick = () => {
      const now = this.wallNow();
      const dt = Math.min(now - this.lastTick, 250);
      this.lastTick = now;
      try {
        this.playback.play(dt, this.cluster.clock, this.pacer);
        this.flush(false);
      } catch (e) {
        this.post({ type: 'fatal', message: (e as Error).message || String(e) });
        return;
      }
      this.setTimer(tick, FRAME_MS);
    };
    this.setTimer(tick, FRAME_MS);
  }

  /** Sends the batch of what changed since the last one (always, when `force`). */
  flush(force = true): void {
    const now = this.wallNow();
    let components: ComponentInfo[] | undefined;
    if (force || now - this.lastComponentsAt > COMPONENTS_EVERY_MS) {
      this.lastComponentsAt = now;
      const infos = componentInfos(this.cluster);
      const json = JSON.stringify(infos);
      if (json !== this.lastComponents) {
        this.lastComponents = json;
        components = infos;
      }
    }
    if (force || !this.batcher.idle || components || this.playback.state.playing) {
      this.post(
        this.batcher.take(
          this.cluster.clock.now,
          this.cluster.etcdStore.revision,
          this.playback.state,
          components,
        ),
      );
    }
    // After the batch: the objects a command prints are in the UI's store by then.
    this.kubectl.flush();
  }
}
