import { useEffect, useState } from 'react';
import { appStore } from '../store';
import type { AppState } from '../store';

/** How long the note stays after the last message has arrived, so it does not flicker. */
const HOLD_MS = 1_500;
/** While shown, the clock is looked at again at most this often (wall ms). */
const RECHECK_MS = 250;

/**
 * True while the clock is waiting for messages to be drawn: playing in slow motion (not real
 * time, not a fast-forward, which says so itself) with a foreground message still travelling in
 * virtual time. Trace events are in send order, so the scan stops at the first one sent more
 * than a virtual second ago.
 */
export function clockIsWaiting(s: Pick<AppState, 'playback' | 'trace' | 'simTime'>): boolean {
  const p = s.playback;
  if (!p.playing || p.realTime || p.fastForward) return false;
  for (let i = s.trace.length - 1; i >= 0; i--) {
    const e = s.trace[i];
    if (e.sentAt < s.simTime - 1_000) break;
    if (!e.background && e.arriveAt > s.simTime) return true;
  }
  return false;
}

/**
 * "Slow motion: time waits for messages", shown while the virtual clock waits for the messages
 * being drawn, so nobody takes a busy second for a slow cluster. In the diagram's bar when it has
 * one (over the diagram it covered the control plane's labels in a small window), else over the
 * diagram (presenter mode). Subscribes outside React: it renders only when the note appears or
 * goes.
 */
export function SlowMotionNote({ inBar = false }: { inBar?: boolean }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    let last = 0;
    let timer = 0;
    const check = (s: AppState) => {
      // Shown a moment ago, it stays for HOLD_MS anyway: no need to look through the last
      // second's messages again on every frame (thousands of them at 16×).
      if (performance.now() - last < RECHECK_MS) return;
      if (!clockIsWaiting(s)) return;
      last = performance.now();
      setShown(true);
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        if (performance.now() - last >= HOLD_MS - 20) setShown(false);
      }, HOLD_MS);
    };
    check(appStore.getState());
    const unsubscribe = appStore.subscribe((s, prev) => {
      if (s.simTime !== prev.simTime || s.playback !== prev.playback) check(s);
      if (s.playback !== prev.playback && (!s.playback.playing || s.playback.realTime))
        setShown(false);
    });
    return () => {
      unsubscribe();
      window.clearTimeout(timer);
    };
  }, []);
  if (!shown) return null;
  const note = (
    <p
      className={`kg-slow-motion${inBar ? ' is-in-bar' : ''}`}
      title="Turn it off in View ▾ › Slow motion"
    >
      <span aria-hidden="true">◔ </span>Slow motion
      <span className="kg-slow-motion-more">: time waits for messages</span>
    </p>
  );
  // In the bar it takes only the room left beside the buttons (cut short if need be): it must
  // never wrap the bar to a second row, which would shrink the diagram while it shows.
  return inBar ? <div className="kg-slow-motion-slot">{note}</div> : note;
}
