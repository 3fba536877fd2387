import { memo } from 'react';
import { useAppStore } from '../../store';
import { pullProgress } from '../pulls';
import type { Pull } from '../pulls';

const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

/**
 * An image pull's progress: bytes of the image's real size so far and virtual seconds left, as a
 * bar along the bottom of the runtime card or the pod.
 */
export const PullBar = memo(function PullBar({ pull }: { pull: Pull }) {
  // Re-rendered when what it shows changes (the percent, the MB, the seconds left), not on
  // every frame's clock tick: fifty nodes pull the new image at once in a rolling update.
  const shown = useAppStore((s) => {
    const p = pullProgress(pull, s.simTime);
    return `${Math.round(p.fraction * 100)}|${Math.round(p.bytes / 1e6)}|${p.secondsLeft}`;
  });
  const [pct, mbDone, secondsLeft] = shown.split('|').map(Number);
  const p = { bytes: mbDone * 1e6, secondsLeft };
  const text = pull.sizeBytes
    ? `${mb(p.bytes)} of ${mb(pull.sizeBytes)}, ${p.secondsLeft} s left`
    : 'resolving…';
  return (
    <div
      className="kg-pull"
      role="progressbar"
      aria-label={`Pulling ${pull.image}`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-valuetext={text}
      title={`Pulling ${pull.image}: ${text}`}
    >
      <span className="kg-pull-text">
        <span className="kg-pull-image">pull {pull.image} · </span>
        {pull.sizeBytes
          ? `${Math.round(p.bytes / 1e6)}/${mb(pull.sizeBytes)} · ${p.secondsLeft} s left`
          : text}
      </span>
      <span className="kg-pull-track">
        <span className="kg-pull-fill" style={{ width: `${pct}%` }} />
      </span>
    </div>
  );
});
