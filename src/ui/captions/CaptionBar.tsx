import './captions.css';
import { useEffect, useState } from 'react';
import type { GlossaryTerm } from '../../protocol/caption';
import { loadCaptions } from '../store/onDemand';
import { appStore, selectPanels, shellStore, useAppStore, useShell } from '../store';
import { captionStore, feedCaptions, useCaptions } from './captionStore';
import type { StoryEntry } from './captionStore';

/** While playing, a caption stays at least this long (wall ms) so it can be read. */
const HOLD_MS = 1600;

/**
 * The newest caption worth a sentence while the cluster runs: a request or a watch event rather
 * than an "OK" or a pipeline stage. Stepping, every message is told, whatever it is.
 */
function newest(story: readonly StoryEntry[], stepping: boolean): StoryEntry | null {
  if (stepping) return story[0] ?? null;
  return story.find((e) => e.kind === 'request' || e.kind === 'watch') ?? story[0] ?? null;
}

/**
 * The technical label, each term it uses explained on hover or focus. An entry exists only once
 * the captions' code has come (it made the entry), glossary included.
 */
function TechnicalLabel({ entry }: { entry: StoryEntry }) {
  const glossary = loadCaptions.loaded()?.GLOSSARY;
  if (!glossary) return null;
  return (
    <span className="kg-caption-technical">
      <code>{entry.technical}</code>
      {entry.terms.map((t: GlossaryTerm) => (
        <span
          key={t}
          className="kg-term"
          tabIndex={0}
          role="note"
          aria-label={glossary[t]}
          data-tip={glossary[t]}
        >
          {t}
        </span>
      ))}
    </span>
  );
}

/**
 * The caption of what just happened, under the diagram: "kube-scheduler → API server: bind pod
 * web-7d4 to worker-2 (…)". Paused and stepping, it stays until the next step; playing, each
 * stays long enough to read, and the ones that went by are counted ("+4 more") and kept in the
 * Story.
 */
export function CaptionBar() {
  useEffect(() => feedCaptions(appStore), []);
  const story = useCaptions((s) => s.story);
  const playing = useAppStore((s) => s.playback.playing);
  const technical = useShell((s) => s.technicalLabels);
  const storyOpen = useShell((s) => selectPanels(s).story);
  const [shown, setShown] = useState<StoryEntry | null>(null);
  const [shownAt, setShownAt] = useState(0);

  useEffect(() => {
    const next = newest(story, !playing);
    if (!next || next === shown) return;
    const wait = playing ? shownAt + HOLD_MS - performance.now() : 0;
    if (wait <= 0) {
      setShown(next);
      setShownAt(performance.now());
      return;
    }
    const timer = window.setTimeout(() => {
      setShown(newest(captionStore.getState().story, false));
      setShownAt(performance.now());
    }, wait);
    return () => window.clearTimeout(timer);
  }, [story, shown, shownAt, playing]);

  const more = shown ? Math.max(0, story.indexOf(shown)) : 0;
  return (
    <div className="kg-caption-bar">
      <p className="kg-caption" role="status" aria-live="polite" aria-label="What just happened">
        {shown ? shown.text : 'Captions of the messages appear here.'}
        {shown && technical && <TechnicalLabel entry={shown} />}
      </p>
      {more > 0 && (
        <span className="kg-caption-more" title="Messages since this one, listed in the Story">
          +{more} more
        </span>
      )}
      <button
        type="button"
        className={`kg-button${storyOpen ? ' kg-primary' : ''}`}
        aria-pressed={storyOpen}
        onClick={() => shellStore.getState().togglePanel('story')}
        title="Recent captions; click one to light up who sent it, who got it and what it is about"
      >
        Story
      </button>
    </div>
  );
}
