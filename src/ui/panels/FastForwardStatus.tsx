import type { CSSProperties } from 'react';
import { useBridge } from '../bridge';
import { useAppStore } from '../store';
import { formatClock } from './PlaybackBar';

/**
 * A fast-forward under way: where it is going, how far is left, and the way out (skip to the end
 * at once, or stop and go on at the chosen speed).
 */
export function FastForwardStatus() {
  const bridge = useBridge();
  const ff = useAppStore((s) => s.playback.fastForward);
  const simTime = useAppStore((s) => s.simTime);
  if (!ff) return null;
  const total = Math.max(1, ff.until - ff.from);
  const done = Math.min(1, Math.max(0, (simTime - ff.from) / total));
  const left = formatClock(Math.max(0, ff.until - simTime)).replace(/\.\d$/, '');
  return (
    <div
      className="kg-ff"
      role="group"
      aria-label={`Fast-forwarding to ${formatClock(ff.until)}`}
      style={{ '--done': `${(done * 100).toFixed(1)}%` } as CSSProperties}
    >
      <span className="kg-ff-label">
        <span aria-hidden="true">▸▸</span> Fast-forward: {left} left
      </span>
      <button
        type="button"
        className="kg-button"
        onClick={() => bridge.send({ type: 'control', action: 'finishFastForward' })}
        title="Skip to the end at once; only the last messages are drawn"
      >
        Skip
      </button>
      <button
        type="button"
        className="kg-button"
        onClick={() => bridge.send({ type: 'control', action: 'stopFastForward' })}
        title="Stop fast-forwarding and go on at the chosen speed"
      >
        Stop
      </button>
    </div>
  );
}
