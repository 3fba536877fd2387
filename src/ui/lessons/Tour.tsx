import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { appStore } from '../store';

const STOPS: { selector: string; title: string; text: string }[] = [
  {
    selector: '.kg-editor-panel',
    title: 'The editor',
    text: 'Write Kubernetes objects here in YAML — a Pod, a Deployment, a Service. It completes field names and marks mistakes on their line.',
  },
  {
    selector: '.kg-editor-panel .kg-button.kg-primary',
    title: 'Apply',
    text: 'Apply sends what the editor holds to the API server, as kubectl apply -f would. Delete removes it again.',
  },
  {
    selector: '.kg-diagram',
    title: 'The cluster',
    text: 'The control-plane node and the workers, with every component. Each dot is a real request or watch event between them. Click anything to inspect it.',
  },
  {
    selector: '.kg-playback',
    title: 'Time',
    text: 'The cluster runs on its own clock. Pause it, step one message at a time, change the speed, or jump a minute ahead.',
  },
  {
    selector: '[data-tour="learn"]',
    title: 'Learn',
    text: 'Twelve short lessons, from the journey of one Pod to node failures and Jobs. Each step points at the parts of the diagram it talks about.',
  },
];

/**
 * The first-visit tour: five stops (editor, Apply, diagram, playback, Learn) and an offer of
 * lesson 1. Not modal — nothing is covered, every control stays usable — and once finished or
 * skipped (`onFinish` remembers it) it never comes back. Shown by ./LazyTour, which decides.
 */
export function Tour({ onFinish }: { onFinish: () => void }) {
  const [stop, setStop] = useState<number | null>(0);
  const [box, setBox] = useState<DOMRect | null>(null);
  const card = useRef<HTMLDivElement>(null);
  const current = stop === null ? undefined : STOPS[stop];
  const finish = () => {
    onFinish();
    setStop(null);
  };

  useLayoutEffect(() => {
    if (!current) return;
    const place = () =>
      setBox(document.querySelector(current.selector)?.getBoundingClientRect() ?? null);
    place();
    window.addEventListener('resize', place);
    const timer = setInterval(place, 500);
    return () => {
      window.removeEventListener('resize', place);
      clearInterval(timer);
    };
  }, [current]);

  useEffect(() => {
    if (stop === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') finish();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  useEffect(() => {
    if (stop !== null) card.current?.focus();
  }, [stop]);

  if (!current || stop === null) return null;
  const last = stop === STOPS.length - 1;
  const pos = cardPosition(box);
  return (
    <>
      {box && (
        <div
          className="kg-tour-ring"
          aria-hidden="true"
          style={{
            left: box.left - 4,
            top: box.top - 4,
            width: box.width + 8,
            height: box.height + 8,
          }}
        />
      )}
      <div
        ref={card}
        className="kg-tour-card"
        role="dialog"
        aria-modal="false"
        aria-label={`Tour: ${current.title}`}
        tabIndex={-1}
        style={pos}
      >
        <p className="kg-tour-count">
          {stop + 1} of {STOPS.length}
        </p>
        <h2>{current.title}</h2>
        <p>{current.text}</p>
        <div className="kg-tour-actions">
          {last ? (
            <>
              <button
                type="button"
                className="kg-button kg-primary"
                onClick={() => {
                  finish();
                  appStore.getState().requestLesson('01-journey-of-a-pod.yaml');
                }}
              >
                Start lesson 1
              </button>
              <button type="button" className="kg-button" onClick={finish}>
                Close the tour
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                className="kg-button kg-primary"
                onClick={() => setStop(stop + 1)}
              >
                Next
              </button>
              <button type="button" className="kg-button" onClick={finish}>
                Skip the tour
              </button>
            </>
          )}
        </div>
      </div>
    </>
  );
}

const CARD_W = 320;

/** Beside the target where there is room: right of it, else left, else below; in the window. */
function cardPosition(box: DOMRect | null): { left: number; top: number } {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  if (!box) return { left: (vw - CARD_W) / 2, top: vh / 3 };
  let left = box.right + 12;
  if (left + CARD_W > vw) left = box.left - CARD_W - 12;
  let top = box.top;
  if (left < 8) {
    left = Math.min(Math.max(8, box.left), vw - CARD_W - 8);
    top = box.bottom + 12;
  }
  return { left, top: Math.max(8, Math.min(top, vh - 220)) };
}
