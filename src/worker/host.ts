import { Cluster, DEFAULT_CONFIG, KUBECTL } from '../engine/cluster';
import { applyManifest } from '../engine/kubectl/apply';
import { KubectlSession } from '../engine/kubectl/session';
import { EPOCH_MS } from '../engine/sim/clock';
import type { TraceEvent } from '../engine/sim/trace';
import { isStatus, kubectlErrorLine } from '../engine/apiserver/errors';
import {
  FAST_FORWARD_MESSAGE_SPEED,
  FAST_FORWARD_QUIET_SPEED,
  PROTOCOL_VERSION,
  type BatchMessage,
  type ClusterShape,
  type ComponentInfo,
  type ControlAction,
  type DocumentResult,
  type ObjectRecord,
  type PlaybackState,
  type SchedulingDecision,
  type UiToWorker,
  type WorkerToUi,
} from '../protocol';
import { applyFault } from '../engine/scenario/faults';
import { sendRequests } from '../engine/node/proxy/traffic';
import { componentDetails } from './components';
import { Pacer } from './pacing';
import { componentInfos } from './components';

/** One batch per animation frame at most. */
const FRAME_MS = 16;
const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16];
/** Messages kept from an instant skip for the UI to animate. */
const MAX_SKIP_TRACE = 400;
/** The longest fast-forward or skip: a day of virtual time. */
const MAX_ADVANCE_MS = 24 * 3_600_000;
/**
 * A fast-forward of `ms` ends within `ms / FAST_FORWARD_QUIET_SPEED` plus this much wall time,
 * however busy the cluster: a few seconds to draw the messages of a quiet one.
 */
const FF_SLACK_MS = 8_000;

/**
 * The engine's host: everything the worker does, with the timer and the wall clock injected so
 * it runs under Node in tests too.
 */
export class Host {
  readonly version = PROTOCOL_VERSION;
  private cluster!: Cluster;
  private shape: ClusterShape = { ...DEFAULT_CONFIG };
  private pacer!: Pacer;
  private playback: PlaybackState = { playing: true, speed: 1 };
  private trace: TraceEvent[] = [];
  private decisions: SchedulingDecision[] = [];
  private dirty = new Map<string, ObjectRecord | null>();
  private known = new Set<string>();
  private lastTick = 0;
  private lastComponents = '';
  private lastComponentsAt = 0;
  private generation = 0;
  private stepping = false;
  /** Wall time by which the fast-forward under way must end. */
  private ffDeadline = 0;

  constructor(
    private readonly post: (m: WorkerToUi) => void,
    private readonly setTimer: (fn: () => void, ms: number) => unknown,
    private readonly wallNow: () => number,
  ) {
    this.reset(this.shape);
    this.loop(this.generation);
  }

  receive(msg: UiToWorker): void {
    try {
      this.handle(msg);
    } catch (e) {
      this.post({ type: 'fatal', message: (e as Error).message || String(e) });
    }
  }

  private handle(msg: UiToWorker): void {
    switch (msg.type) {
      case 'reset':
        return this.reset(msg.shape);
      case 'control':
        return this.control(msg);
      case 'apply':
      case 'delete':
        return applyManifest(
          msg.manifest,
          'editor.yaml',
          'default',
          (req, cb) => this.cluster.request(req, cb),
          (outcomes) => {
            const documents: DocumentResult[] = outcomes.map((o) => ({
              index: o.index,
              ok: o.ok,
              message: o.message,
              range: o.range,
              problems: o.problems,
            }));
            this.post({
              type: 'result',
              requestId: msg.requestId,
              ok: outcomes.every((o) => o.ok),
              documents,
            });
          },
          msg.type,
        );
      case 'logs':
        return this.cluster.request(
          {
            verb: 'get',
            resource: 'pods',
            subresource: 'log',
            namespace: msg.namespace,
            name: msg.pod,
            container: msg.container,
            previous: msg.previous,
          },
          (r) => {
            const ok = r.code === 200;
            const output = ok
              ? String(r.body ?? '')
              : isStatus(r.body)
                ? kubectlErrorLine(r.body)
                : `Error from server (BadRequest): ${String(r.body)}`;
            this.post({ type: 'result', requestId: msg.requestId, ok, output });
          },
        );
      case 'traffic':
        return sendRequests(
          this.cluster,
          {
            service: msg.service,
            count: Math.max(1, Math.min(500, Math.floor(msg.count))),
            from: this.trafficSource(msg.service, msg.from),
          },
          (report) => {
            const spread = Object.entries(report.perPod)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([pod, n]) => `${pod} ${n}`)
              .join(', ');
            const firstError = report.results.find((r) => r.error)?.error;
            const output =
              `${msg.count} requests to ${msg.service}: ${spread || 'no pod answered'}` +
              (report.errors
                ? `; ${report.errors} failed${firstError ? `: ${firstError}` : ''}`
                : '');
            this.post({
              type: 'result',
              requestId: msg.requestId,
              ok: report.errors === 0,
              output,
              traffic: {
                perPod: report.perPod,
                errors: report.errors,
                ...(firstError ? { firstError } : {}),
              },
            });
          },
        );
      case 'inspect':
        return this.post({
          type: 'result',
          requestId: msg.requestId,
          ok: true,
          details: componentDetails(this.cluster, msg.component),
        });
      case 'fault': {
        let output: string;
        let ok = true;
        try {
          output = applyFault(this.cluster, msg.fault);
        } catch (e) {
          output = (e as Error).message;
          ok = false;
        }
        this.flush(true);
        return this.post({ type: 'result', requestId: msg.requestId, ok, output });
      }
      case 'kubectl':
        return this.kubectl().run(msg.requestId, msg.command, msg.files);
      case 'kubectlPoll':
        return this.kubectl().poll(msg.requestId, msg.stream);
      case 'kubectlCancel':
        return this.kubectl().cancel(msg.requestId);
    }
  }

  private kubectlSession?: { cluster: Cluster; session: KubectlSession };

  /** The kubectl session of the current cluster (a reset starts a new one). */
  private kubectl(): KubectlSession {
    if (this.kubectlSession?.cluster !== this.cluster) {
      this.kubectlSession = {
        cluster: this.cluster,
        session: new KubectlSession(this.cluster, (r) => this.post({ type: 'result', ...r })),
      };
    }
    return this.kubectlSession.session;
  }

  private control(c: ControlAction): void {
    switch (c.action) {
      case 'play':
        this.playback = { ...this.playback, playing: true };
        break;
      case 'pause':
        this.playback = { ...this.playback, playing: false };
        break;
      case 'speed':
        this.playback = { ...this.playback, speed: SPEEDS.includes(c.speed) ? c.speed : 1 };
        break;
      case 'step':
        this.playback = { ...this.playback, playing: false };
        this.stepToNextMessage();
        break;
      case 'advance': {
        const ms = Math.max(0, Math.min(Number(c.ms) || 0, MAX_ADVANCE_MS));
        const now = this.cluster.clock.now;
        if (c.instant) {
          this.skipTo(now + ms);
          break;
        }
        // Pressing +5 min during a fast-forward adds to it.
        const ff = this.playback.fastForward;
        const until = Math.min((ff ? ff.until : now) + ms, now + MAX_ADVANCE_MS);
        const wall = this.wallNow();
        this.ffDeadline =
          Math.max(ff ? this.ffDeadline : wall, wall) + ms / FAST_FORWARD_QUIET_SPEED + FF_SLACK_MS;
        this.playback = {
          ...this.playback,
          playing: true,
          fastForward: { from: ff ? ff.from : now, until },
        };
        break;
      }
      case 'finishFastForward':
        if (this.playback.fastForward) this.skipTo(this.playback.fastForward.until);
        this.endFastForward();
        break;
      case 'stopFastForward':
        this.endFastForward();
        break;
    }
    this.flush(true);
  }

  /** Jump to virtual time `until` at once; only the last messages are worth drawing. */
  private skipTo(until: number): void {
    const clock = this.cluster.clock;
    if (until > clock.now) clock.advance(until - clock.now);
    if (this.trace.length > MAX_SKIP_TRACE) this.trace = this.trace.slice(-MAX_SKIP_TRACE);
  }

  private endFastForward(): void {
    if (!this.playback.fastForward) return;
    const { fastForward: _done, ...rest } = this.playback;
    void _done;
    this.playback = rest;
  }

  /** Advance virtual time for `dt` wall ms: a fast-forward under way, or the chosen speed. */
  private play(dt: number): void {
    const ff = this.playback.fastForward;
    if (!ff) {
      this.pacer.advance(dt, this.playback.speed);
      return;
    }
    // Each message is drawn while the slack lasts. Once even quiet time at full speed would miss
    // the deadline, all time runs as fast as it needs to (a busy cluster's minute of messages
    // would otherwise take an hour to draw).
    const left = Math.max(0, ff.until - this.cluster.clock.now);
    const needed = left / Math.max(FRAME_MS, this.ffDeadline - this.wallNow());
    const speed = Math.max(this.playback.speed, FAST_FORWARD_MESSAGE_SPEED);
    const quiet = Math.max(this.playback.speed, FAST_FORWARD_QUIET_SPEED);
    const behind = needed > quiet;
    this.pacer.advance(dt, speed, behind ? needed : quiet, ff.until, behind ? needed : 0);
    if (this.cluster.clock.now >= ff.until) this.endFastForward();
  }

  /**
   * Where Service traffic starts: as asked; else from outside for NodePort and LoadBalancer
   * Services, and from a running pod of the namespace for a ClusterIP Service, which is only
   * reachable inside the cluster.
   */
  private trafficSource(service: string, from?: string): 'outside' | `pod:${string}` {
    if (from?.startsWith('pod:')) return from as `pod:${string}`;
    if (from === 'outside') return 'outside';
    const [ns, name] = service.includes('/') ? service.split('/') : ['default', service];
    const kv = this.cluster.etcdStore.get(`/registry/services/specs/${ns}/${name}`);
    const type = kv ? (JSON.parse(kv.value) as { spec?: { type?: string } }).spec?.type : undefined;
    if (type === 'NodePort' || type === 'LoadBalancer') return 'outside';
    const running = this.cluster.etcdStore
      .range(`/registry/pods/${ns}/`)
      .kvs.map(
        (p) => JSON.parse(p.value) as { metadata: { name: string }; status?: { phase?: string } },
      )
      .filter((p) => p.status?.phase === 'Running');
    return running.length ? `pod:${ns}/${running[0].metadata.name}` : 'outside';
  }

  /** Run events until the next foreground message is sent (or 10 virtual minutes pass). */
  private stepToNextMessage(): void {
    const clock = this.cluster.clock;
    const before = this.pacer.foreground;
    const limit = clock.now + 600_000;
    this.stepping = true;
    while (this.pacer.foreground === before) {
      const next = clock.peek();
      if (next === undefined || next > limit) break;
      clock.step();
    }
    this.stepping = false;
  }

  private reset(shape: ClusterShape): void {
    this.generation++;
    this.endFastForward();
    this.shape = { ...shape, workers: Math.max(1, Math.min(50, Math.floor(shape.workers))) };
    this.trace = [];
    this.dirty.clear();
    this.known.clear();
    this.cluster = new Cluster(this.shape);
    this.pacer = new Pacer(this.cluster.clock);
    this.cluster.start();
    // From here on every message is recorded for the UI.
    this.cluster.onTrace((e) => {
      this.trace.push(e);
      this.pacer.observe(e);
    });
    this.decisions = [];
    this.cluster.scheduler.subscribe((d) => this.decisions.push(d));
    this.cluster.etcdStore.watch('/registry/', this.cluster.etcdStore.revision, (events) => {
      for (const ev of events)
        this.dirty.set(
          ev.kv.key,
          ev.type === 'DELETE'
            ? null
            : this.record(ev.kv.key, ev.kv.value, ev.kv.createRevision, ev.kv.modRevision),
        );
    });
    const objects: ObjectRecord[] = this.cluster.etcdStore
      .range('/registry/')
      .kvs.map((kv) => this.record(kv.key, kv.value, kv.createRevision, kv.modRevision));
    for (const o of objects) this.known.add(o.key);
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
      playback: this.playback,
    });
    void KUBECTL;
  }

  private record(
    key: string,
    value: string,
    createRevision: number,
    modRevision: number,
  ): ObjectRecord {
    const object = JSON.parse(value);
    object.metadata.resourceVersion = String(modRevision);
    return {
      key,
      kind: object.kind,
      namespace: object.metadata?.namespace,
      name: object.metadata?.name,
      createRevision,
      modRevision,
      object,
    };
  }

  private loop(gen: number): void {
    this.lastTick = this.wallNow();
    const tick = () => {
      const now = this.wallNow();
      const dt = Math.min(now - this.lastTick, 250);
      this.lastTick = now;
      try {
        if (this.playback.playing && !this.stepping) this.play(dt);
        this.flush(false);
      } catch (e) {
        this.post({ type: 'fatal', message: (e as Error).message || String(e) });
        return;
      }
      this.setTimer(tick, FRAME_MS);
    };
    void gen;
    this.setTimer(tick, FRAME_MS);
  }

  /** Send what changed since the last batch: squashed object diff, trace, components. */
  private flush(force: boolean): void {
    const now = this.wallNow();
    let components: ComponentInfo[] | undefined;
    if (force || now - this.lastComponentsAt > 250) {
      this.lastComponentsAt = now;
      const infos = componentInfos(this.cluster);
      const json = JSON.stringify(infos);
      if (json !== this.lastComponents) {
        this.lastComponents = json;
        components = infos;
      }
    }
    if (
      !force &&
      this.dirty.size === 0 &&
      this.trace.length === 0 &&
      !components &&
      !this.playback.playing
    )
      return;
    const diff: BatchMessage['diff'] = { added: [], updated: [], removed: [] };
    for (const [key, rec] of this.dirty) {
      if (rec === null) {
        if (this.known.delete(key)) diff.removed.push(key);
      } else if (this.known.has(key)) diff.updated.push(rec);
      else {
        this.known.add(key);
        diff.added.push(rec);
      }
    }
    this.dirty.clear();
    const batch: BatchMessage = {
      type: 'batch',
      simTime: this.cluster.clock.now,
      revision: this.cluster.etcdStore.revision,
      diff,
      trace: this.trace,
      playback: this.playback,
    };
    if (components) batch.components = components;
    if (this.decisions.length) batch.decisions = this.decisions;
    this.decisions = [];
    this.trace = [];
    this.post(batch);
  }
}
