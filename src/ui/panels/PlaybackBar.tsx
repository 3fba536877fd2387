import { useCallback, useEffect, useRef, useState } from 'react';
import { useDismiss } from './useDismiss';
import { useBridge } from '../bridge';
import { appStore, useAppStore } from '../store';

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;

/**
 * Virtual time as `mm:ss.s` (hours roll into minutes); with `precise`, `mm:ss.sss` — when paused
 * and stepping, one message moves the clock by milliseconds.
 */
export function formatClock(ms: number, precise = false): string {
  const digits = precise ? 3 : 1;
  const unit = 10 ** (3 - digits);
  const ticks = Math.floor(Math.max(0, ms) / unit);
  const perSecond = 10 ** digits;
  const minutes = Math.floor(ticks / (60 * perSecond));
  const seconds = (ticks % (60 * perSecond)) / perSecond;
  return `${String(minutes).padStart(2, '0')}:${seconds.toFixed(digits).padStart(3 + digits, '0')}`;
}

function Clock() {
  const simTime = useAppStore((s) => s.simTime);
  const paused = useAppStore((s) => !s.playback.playing);
  const text = formatClock(simTime, paused);
  return (
    <>
      <output className="kg-clock" aria-label={`Virtual time ${text}`}>
        {text}
      </output>
      {/* Not wall time: the simulated cluster's own clock, which speed and slow motion pace. */}
      <span className="kg-clock-unit" aria-hidden="true">
        virtual
        <br />
        time
      </span>
    </>
  );
}

/** True when a key press belongs to what has focus (typing, a button, the editor). */
function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.closest) return false;
  return !!el.closest(
    'input, textarea, select, button, [contenteditable="true"], [role="button"], [role="menuitem"], .monaco-editor',
  );
}

/** The virtual clock and playback: play/pause, step, speed, fast-forward, and reset. */
export function PlaybackBar() {
  const bridge = useBridge();
  const playing = useAppStore((s) => s.playback.playing);
  const speed = useAppStore((s) => s.playback.speed);
  const shape = useAppStore((s) => s.shape);
  const [workers, setWorkers] = useState(3);
  const [seed, setSeed] = useState('1');
  const [metricsServer, setMetricsServer] = useState(false);
  const [clusterOpen, setClusterOpen] = useState(false);
  const clusterRef = useRef<HTMLDivElement>(null);
  useDismiss(clusterOpen, clusterRef, () => setClusterOpen(false));

  useEffect(() => {
    if (!shape) return;
    setWorkers(shape.workers);
    setSeed(String(shape.seed));
    setMetricsServer(shape.metricsServer === true);
  }, [shape]);

  const toggle = useCallback(() => {
    const { playback } = appStore.getState();
    bridge.send({ type: 'control', action: playback.playing ? 'pause' : 'play' });
  }, [bridge]);

  // Space plays and pauses and `.` steps, unless focus is in the editor or on a control.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === '.') {
        e.preventDefault();
        bridge.send({ type: 'control', action: 'step' });
        return;
      }
      if (e.code !== 'Space' || e.repeat) return;
      e.preventDefault();
      toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle, bridge]);

  const reset = () => {
    const n = Math.min(50, Math.max(1, Math.round(workers) || 1));
    const seedValue = /^-?\d+$/.test(seed.trim()) ? Number(seed.trim()) : seed.trim() || 1;
    setClusterOpen(false);
    appStore.getState().select(null);
    appStore.getState().setApplyOutcome(null);
    bridge.send({
      type: 'reset',
      shape: {
        workers: n,
        cpu: shape?.cpu ?? '4',
        memory: shape?.memory ?? '8Gi',
        seed: seedValue,
        ...(metricsServer ? { metricsServer: true } : {}),
      },
    });
  };

  return (
    <div className="kg-playback" role="toolbar" aria-label="Playback">
      <Clock />
      <button
        type="button"
        className="kg-button kg-play"
        onClick={toggle}
        aria-label={playing ? 'Pause' : 'Play'}
        title={playing ? 'Pause (Space)' : 'Play (Space)'}
      >
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        className="kg-button"
        onClick={() => bridge.send({ type: 'control', action: 'step' })}
        title="Deliver the next message and pause (.)"
      >
        Step
      </button>
      <label className="kg-field">
        <span>Speed</span>
        <select
          className="kg-input"
          aria-label="Speed"
          title="Virtual seconds per real second. In slow motion (View ▾) the clock waits while messages are drawn, so a busy moment takes longer than its virtual time; in real time it never waits."
          value={speed}
          onChange={(e) =>
            bridge.send({ type: 'control', action: 'speed', speed: Number(e.target.value) })
          }
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="kg-button"
        onClick={() => bridge.send({ type: 'control', action: 'advance', ms: 60_000 })}
        aria-label="Fast-forward 1 minute"
        title="Fast-forward 1 minute: quiet time flies, every message is still drawn"
      >
        +1 min
      </button>
      <button
        type="button"
        className="kg-button"
        onClick={() => bridge.send({ type: 'control', action: 'advance', ms: 300_000 })}
        aria-label="Fast-forward 5 minutes"
        title="Fast-forward 5 minutes: quiet time flies, every message is still drawn"
      >
        +5 min
      </button>
      <span className="kg-spacer" />
      <div className="kg-menu" ref={clusterRef}>
        <button
          type="button"
          className="kg-button"
          aria-haspopup="dialog"
          aria-expanded={clusterOpen}
          onClick={() => setClusterOpen((o) => !o)}
        >
          Cluster: {shape?.workers ?? workers} worker{(shape?.workers ?? workers) === 1 ? '' : 's'}{' '}
          ▾
        </button>
        {clusterOpen && (
          <div
            className="kg-menu-list kg-cluster-form"
            role="dialog"
            aria-label="Reset the cluster"
          >
            <label className="kg-field">
              <span>Workers (1–50)</span>
              <input
                className="kg-input kg-narrow"
                type="number"
                min={1}
                max={50}
                value={workers}
                onChange={(e) => setWorkers(Number(e.target.value))}
              />
            </label>
            <label className="kg-field">
              <span>Seed</span>
              <input
                className="kg-input kg-narrow"
                value={seed}
                onChange={(e) => setSeed(e.target.value)}
                spellCheck={false}
              />
            </label>
            <label className="kg-check kg-addon">
              <input
                type="checkbox"
                checked={metricsServer}
                onChange={(e) => setMetricsServer(e.target.checked)}
                aria-describedby="kg-addon-metrics"
              />
              <span>metrics-server addon</span>
            </label>
            <p id="kg-addon-metrics" className="kg-muted">
              The resource metrics API: <code>kubectl top</code> and the HorizontalPodAutoscaler
              need it. kind has none; minikube offers it as an addon.
            </p>
            <p className="kg-muted">Reset builds a new cluster: every object is lost.</p>
            <button type="button" className="kg-button kg-primary" onClick={reset}>
              Reset cluster
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
