import { Cluster, DEFAULT_CONFIG } from '../engine/cluster';
import { EPOCH_MS } from '../engine/sim/clock';
import {
  PROTOCOL_VERSION,
  type ClusterShape,
  type ComponentInfo,
  type RequestMessage,
  type RequestOp,
  type RequestResult,
  type RunInput,
  type RunLog,
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
import { pastLogsOp } from './ops/pastLogs';
import { KubectlOps } from './ops/kubectl';
import { logsOp } from './ops/logs';
import { localPortsOp, localRequestOp } from './ops/localPorts';
import { trafficOp } from './ops/traffic';
import { exportScenarioOp, openScenarioOp } from './ops/scenario';
import { Pacer } from './pacing';
import { advanceTo, isLogged, RunRecorder } from './runLog';

/** Messages kept from an instant skip for the UI to animate. */
const MAX_SKIP_TRACE = 400;
/** Components are compared for changes at most this often (wall ms). */
const COMPONENTS_EVERY_MS = 250;
/** Even paused and idle, a batch at least this often (wall ms): the UI knows the worker lives. */
const KEEPALIVE_MS = 1_000;

/**
 * The engine's host: receives the UI's messages and hands each operation to its module
 * (`ops/`), paces virtual time (`Playback`, `Pacer`), sends what changed once per frame
 * (`Batcher`) and records the run (`RunRecorder`), so a failed worker is rebuilt from it. The
 * timer and the wall clock are injected so it runs under Node in tests too.
 */
export class Host implements OpContext {
  readonly version = PROTOCOL_VERSION;
  cluster!: Cluster;
  private shape: ClusterShape = { ...DEFAULT_CONFIG };
  private pacer!: Pacer;
  private recorder = new RunRecorder();
  private readonly batcher = new Batcher();
  private readonly playback: Playback;
  private lastTick = 0;
  private lastComponents = '';
  private lastComponentsAt = 0;
  private lastBatchAt = 0;
  /** While a run log is replayed, answers go nowhere (the UI that asked is gone). */
  private replaying = false;
  /** Test only: the next frame throws. */
  private crashNext = false;
  private readonly kubectl = new KubectlOps();
  /** Each operation's module. */
  private readonly ops: { [K in RequestOp]: Op<K> } = {
    apply: applyOp,
    delete: deleteOp,
    logs: logsOp,
    traffic: trafficOp,
    inspect: inspectOp,
    pastLogs: pastLogsOp,
    fault: faultOp,
    kubectl: (ctx, args, answer) => this.kubectl.run(ctx, args, answer),
    exportScenario: (_ctx, args, answer) => exportScenarioOp(args, answer),
    openScenario: (_ctx, args, answer) => openScenarioOp(args, answer, (log) => this.restore(log)),
    // exec:
    localPorts: localPortsOp,
    localRequest: localRequestOp,
  };

  constructor(
    readonly post: (m: WorkerToUi) => void,
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
      this.post({ type: 'fatal', message: errorText(e) });
    }
  }

  private handle(msg: UiToWorker): void {
    switch (msg.type) {
      case 'reset':
        return this.reset(msg.shape);
      case 'restore':
        return this.restore(msg.log);
      case 'crash':
        this.crashNext = true;
        return;
      case 'control':
      case 'request':
      case 'stdin':
      case 'cancel': {
        const { v: _v, ...input } = msg;
        if (isLogged(input)) this.recorder.record(this.cluster.clock, input);
        return this.perform(input);
      }
      default:
        this.post({
          type: 'protocolError',
          message: `The simulation does not know the message type ${JSON.stringify((msg as { type?: unknown }).type)}.`,
        });
    }
  }

  /** Does what the user asked (live, or again from the run log). */
  private perform(input: RunInput): void {
    switch (input.type) {
      case 'control':
        if (this.replaying) return; // virtual time is carried by the log's instants
        this.playback.control(input, this.cluster.clock, this.pacer);
        return this.flush(true);
      case 'request':
        return this.request(input);
      case 'cancel':
        return this.kubectl.cancel(input.requestId);
      case 'stdin':
        return this.kubectl.input(input.requestId, input.event);
    }
  }

  /**
   * Hands a request to its operation's module, with the way to answer it. An operation that
   * throws fails only its request: bad input must never stop the simulation.
   */
  private request<K extends RequestOp>(msg: RequestMessage & { op: K }): void {
    const op = this.ops[msg.op] as Op<K> | undefined;
    const { requestId } = msg;
    const muted = this.replaying;
    const post = (m: WorkerToUi) => {
      if (!muted) this.post(m);
    };
    if (!op) {
      post({ type: 'requestError', requestId, message: `unknown operation ${String(msg.op)}` });
      return;
    }
    const answer: Answer<K> = {
      requestId,
      reply: (result: RequestResult<K>) =>
        post({ type: 'result', op: msg.op, requestId, result } as WorkerToUi),
      output: (text) => post({ type: 'output', requestId, text }),
    };
    try {
      op(this, msg.args, answer);
    } catch (e) {
      post({ type: 'requestError', requestId, message: errorText(e) });
    }
  }

  /** A new cluster of `shape`, and a new run. */
  private reset(shape: ClusterShape): void {
    this.build(shape);
    this.announce();
  }

  private build(shape: ClusterShape): void {
    this.kubectl.clear();
    this.playback.endFastForward();
    this.shape = { ...shape, workers: Math.max(1, Math.min(50, Math.floor(shape.workers))) };
    this.cluster = new Cluster(this.shape);
    this.pacer = new Pacer(this.cluster.clock);
    this.recorder = new RunRecorder();
    this.cluster.start();
    this.batcher.start(this.cluster.storedObjects());
    // From here on every message, decision and object change is recorded for the UI (a reset
    // drops the old cluster with its listeners). Objects are followed during a replay too: the
    // operations read them (where Service traffic starts), so the replay must see what the run saw.
    this.cluster.onTrace((e) => {
      if (this.replaying) return;
      this.batcher.message(e);
      this.pacer.observe(e);
    });
    this.cluster.scheduler.subscribe((d) => {
      if (!this.replaying) this.batcher.decision(d);
    });
    this.cluster.observeObjects(this.cluster.etcdStore.revision, (c) => this.batcher.object(c));
  }

  /**
   * Rebuilds a run from its log: the same cluster, each action again at its instant, then on to
   * where the run had got. Paused, so a learner sees what came back before time runs on (and an
   * engine failure that recurs at a later instant does not strike at once).
   */
  private restore(log: RunLog): void {
    this.build(log.shape);
    const clock = this.cluster.clock;
    this.replaying = true;
    try {
      for (const action of log.actions) {
        advanceTo(clock, action);
        const { at: _at, executed: _executed, ...input } = action;
        this.recorder.record(clock, input);
        this.perform(input);
      }
      if (log.until > clock.now) clock.runUntil(log.until);
    } catch (e) {
      // The failure struck again while catching up: keep the state reached just before it.
      this.post({ type: 'fatal', message: `Could not restore the run: ${errorText(e)}` });
    } finally {
      this.replaying = false;
    }
    this.recorder.takeNew();
    this.playback.control({ action: 'pause' }, clock, this.pacer);
    this.announce();
  }

  /** Sends the snapshot of the cluster, and from now on every change. */
  private announce(): void {
    const objects = this.batcher.start(this.cluster.storedObjects());
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
      actions: [...this.recorder.actions],
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
        if (this.crashNext) {
          this.crashNext = false;
          throw new Error('test crash: the engine threw');
        }
        this.playback.play(dt, this.cluster.clock, this.pacer);
        this.flush(false);
      } catch (e) {
        // The cluster may be half-way through an event: the UI restores the run from its log.
        this.post({ type: 'fatal', message: errorText(e) });
        return;
      }
      this.setTimer(tick, FRAME_MS);
    };
    this.setTimer(tick, FRAME_MS);
  }

  /** Sends the batch of what changed since the last one (always, when `force`). */
  flush(force = true): void {
    if (this.replaying) return;
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
    const actions = this.recorder.takeNew();
    const due = now - this.lastBatchAt >= KEEPALIVE_MS;
    const changed = !this.batcher.idle || components !== undefined || actions.length > 0;
    if (force || changed || due || this.playback.state.playing) {
      this.lastBatchAt = now;
      const batch = this.batcher.take(
        this.cluster.clock.now,
        this.cluster.etcdStore.revision,
        this.playback.state,
        components,
      );
      if (actions.length) batch.actions = actions;
      this.post(batch);
    }
    // After the batch: the objects a command prints are in the UI's store by then.
    this.kubectl.flush();
  }
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)) || 'unknown error';
}
