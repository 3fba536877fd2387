import { Cluster, DEFAULT_CONFIG } from '../engine/cluster';
import { provideOnDemand } from '../engine/onDemand';
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
import type { Answer, Op, OpContext } from './ops/context';
import { faultOp } from './ops/fault';
import { inspectOp } from './ops/inspect';
import { pastLogsOp } from './ops/pastLogs';
import type { KubectlOps } from './ops/kubectl';
import type * as ToolsModule from './ops/tools';
import { logsOp } from './ops/logs';
import { trafficOp } from './ops/traffic';
import { Pacer } from './pacing';
import { advanceTo, isLogged, RunRecorder } from './runLog';

/** Messages kept from an instant skip for the UI to animate. */
const MAX_SKIP_TRACE = 400;
/** Components are compared for changes at most this often (wall ms). */
const COMPONENTS_EVERY_MS = 250;
/** Even paused and idle, a batch at least this often (wall ms): the UI knows the worker lives. */
const KEEPALIVE_MS = 1_000;

/**
 * The operations of `ops/tools.ts`: kubectl, applying YAML, scenario files; and the engine's
 * parts loaded on demand (src/engine/onDemand.ts), which only a workload they create can need.
 */
export type Tools = typeof ToolsModule;
/** Hands over the tools: at once (tests, benchmarks), or once their module is loaded (the worker). */
export type ToolsLoader = () => Tools | Promise<Tools>;
/** The requests whose operation is in `ops/tools.ts`. */
const TOOL_OPS: ReadonlySet<string> = new Set<RequestOp>([
  'apply',
  'delete',
  'kubectl',
  'localPorts',
  'localRequest',
  'exportScenario',
  'openScenario',
]);

/**
 * True when `msg` cannot be handled before the tools are loaded: an operation of theirs, or a
 * cluster with the metrics-server addon, which is among the engine's parts loaded with them.
 */
function needsTools(msg: UiToWorker): boolean {
  if (msg.type === 'request') return TOOL_OPS.has(msg.op);
  if (msg.type === 'reset') return msg.shape.metricsServer === true;
  if (msg.type === 'restore')
    return (
      msg.log.shape.metricsServer === true ||
      msg.log.actions.some((a) => a.type === 'request' && TOOL_OPS.has(a.op))
    );
  return false;
}

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
  /** kubectl, applying YAML and scenario files: loaded on first use (`receive`). */
  private tools: Tools | undefined;
  private kubectl: KubectlOps | undefined;
  /**
   * While the tools load: the messages received since one needed them, in order. Virtual time
   * stands still meanwhile (`loop`), so each runs at the instant it would have run had the tools
   * been there: the run, and its log, are the same with or without the wait.
   */
  private held: UiToWorker[] | undefined;
  private toolsLoading: Promise<void> | undefined;
  /** Each operation's module. */
  private readonly ops: { [K in RequestOp]: Op<K> } = {
    apply: (ctx, args, answer) => this.loaded().applyOp(ctx, args, answer),
    delete: (ctx, args, answer) => this.loaded().deleteOp(ctx, args, answer),
    logs: logsOp,
    traffic: trafficOp,
    inspect: inspectOp,
    pastLogs: pastLogsOp,
    fault: faultOp,
    kubectl: (ctx, args, answer) => this.kubectlOps().run(ctx, args, answer),
    exportScenario: (_ctx, args, answer) => this.loaded().exportScenarioOp(args, answer),
    openScenario: (_ctx, args, answer) =>
      this.loaded().openScenarioOp(args, answer, (log) => this.restore(log)),
    // exec:
    localPorts: (ctx, args, answer) => this.loaded().localPortsOp(ctx, args, answer),
    localRequest: (ctx, args, answer) => this.loaded().localRequestOp(ctx, args, answer),
  };

  constructor(
    readonly post: (m: WorkerToUi) => void,
    private readonly setTimer: (fn: () => void, ms: number) => unknown,
    private readonly wallNow: () => number,
    private readonly loadTools: ToolsLoader,
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
    if (this.held) {
      this.held.push(msg);
      return;
    }
    if (!this.tools && needsTools(msg) && !this.useTools()) {
      this.held = [msg];
      return;
    }
    try {
      this.handle(msg);
    } catch (e) {
      this.post({ type: 'fatal', message: errorText(e) });
    }
  }

  /** Starts loading the tools before anything needs them (the worker does, after boot). */
  preloadTools(): void {
    this.useTools();
  }

  /**
   * True when the tools are there; otherwise starts loading them, and once loaded handles the
   * messages held meanwhile. A module that fails to load (the network went away) fails the
   * held requests that needed it, with the reason; the next one tries again.
   */
  private useTools(): boolean {
    if (this.tools) return true;
    if (this.toolsLoading) return false;
    const loaded = this.loadTools();
    if (!(loaded instanceof Promise)) {
      this.setTools(loaded);
      return true;
    }
    this.toolsLoading = loaded.then(
      (tools) => {
        this.setTools(tools);
        this.release();
      },
      (e: unknown) => {
        this.toolsLoading = undefined;
        this.release(
          `The simulation's kubectl could not be loaded (${errorText(e)}): check the connection and try again.`,
        );
      },
    );
    return false;
  }

  private setTools(tools: Tools): void {
    provideOnDemand(tools.engineOnDemand);
    this.tools = tools;
    this.kubectl = new tools.KubectlOps();
    this.toolsLoading = undefined;
  }

  /** Handles the messages held while the tools loaded (those that needed them fail with `error`). */
  private release(error?: string): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const msg of held) {
      if (error === undefined || !needsTools(msg)) this.receive(msg);
      else if (msg.type === 'request')
        this.post({ type: 'requestError', requestId: msg.requestId, message: error });
      else this.post({ type: 'fatal', message: `Could not restore the run: ${error}` });
    }
  }

  /** The tools, which `receive` has made sure are loaded before any operation needing them. */
  private loaded(): Tools {
    if (!this.tools) throw new Error('internal error: an operation ran before its module loaded');
    return this.tools;
  }

  private kubectlOps(): KubectlOps {
    this.loaded();
    return this.kubectl as KubectlOps;
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
        return this.kubectl?.cancel(input.requestId);
      case 'stdin':
        return this.kubectl?.input(input.requestId, input.event);
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
    this.kubectl?.clear();
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
        // Virtual time stands still while the tools load for a message that needs them.
        if (!this.held) this.playback.play(dt, this.cluster.clock, this.pacer);
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
    this.kubectl?.flush();
  }
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)) || 'unknown error';
}
