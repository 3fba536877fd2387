import { useEffect, useRef, useState } from 'react';
import { useStoreApi, ViewportPortal } from '@xyflow/react';
import { appStore, shellStore } from '../store';
import { MessageAnimator } from './animator';
import type { Layout } from './layout';
import { FAST_FORWARD_MESSAGE_SPEED, type PlaybackState } from '../../protocol';
import type * as CaptionModule from '../../protocol/caption';
import { feedOnDemand, hasMessages, loadCaptions } from '../store/onDemand';

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/** How fast dots travel: the chosen speed, or quicker during a fast-forward, as the worker paces. */
function drawingSpeed(p: PlaybackState): number {
  return p.fastForward ? Math.max(p.speed, FAST_FORWARD_MESSAGE_SPEED) : p.speed;
}

/** 1/zoom, between 1 (zoomed in) and 6 (far out: 50 workers), so a label stays readable. */
function inverseZoom(zoom: number): number {
  return Math.min(6, Math.max(1, 1 / (zoom || 1)));
}

/**
 * The layer of travelling message dots, inside React Flow's viewport so it pans and zooms with the
 * diagram. It subscribes to the store outside React (zustand's transient updates): a batch of
 * trace events goes straight to the animator and never renders a component.
 */
export function MessageLayer({ layout }: { layout: Layout }) {
  // A callback ref: the portal's target appears only after React Flow has mounted its viewport.
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  const animatorRef = useRef<MessageAnimator | null>(null);
  const layoutRef = useRef(layout);
  const flow = useStoreApi();

  useEffect(() => {
    if (!root) return;
    // Dots are drawn on a canvas over the whole pane, in screen space.
    const pane = root.closest<HTMLElement>('.react-flow') ?? root;
    const animator = new MessageAnimator(root, pane);
    animator.setLayout(layoutRef.current);
    const [x, y, zoom] = flow.getState().transform;
    animator.setViewport(x, y, zoom);
    animatorRef.current = animator;
    const media = window.matchMedia(REDUCED_MOTION);
    const onMotion = () => animator.setReducedMotion(media.matches);
    onMotion();
    media.addEventListener('change', onMotion);
    animator.setSpeed(drawingSpeed(appStore.getState().playback));
    animator.setShowHeartbeats(appStore.getState().showHeartbeats);
    animator.setTechnicalLabels(shellStore.getState().technicalLabels);
    const unsubscribeShell = shellStore.subscribe((s) =>
      animator.setTechnicalLabels(s.technicalLabels),
    );
    // The dots' labels are captions, whose code comes with the first message: batches wait for it.
    let captioned = false;
    const feed = feedOnDemand(
      (events, captions: typeof CaptionModule | undefined) => {
        if (captions && !captioned) {
          captioned = true;
          animator.setCaptions((ev) => captions.captionFor(ev));
        }
        animator.play(events);
      },
      hasMessages,
      loadCaptions,
    );
    const unsubscribe = appStore.subscribe((s, prev) => {
      if (s.playback !== prev.playback) {
        animator.setSpeed(drawingSpeed(s.playback));
        animator.setRealTime(!!s.playback.realTime);
      }
      if (s.showHeartbeats !== prev.showHeartbeats) animator.setShowHeartbeats(s.showHeartbeats);
      // A new snapshot (reset, restart) starts a new picture.
      if (s.componentIds !== prev.componentIds && s.lastTrace.length === 0) {
        feed.clear();
        animator.clear();
      }
      if (s.lastTrace !== prev.lastTrace && !document.hidden) feed.push(s.lastTrace, undefined);
    });
    return () => {
      feed.stop();
      unsubscribe();
      unsubscribeShell();
      media.removeEventListener('change', onMotion);
      animator.dispose();
      animatorRef.current = null;
    };
  }, [root, flow]);

  // Stage labels keep a readable size on screen when the diagram is zoomed out; the dots'
  // canvas maps flow coordinates through the current pan and zoom. Read from React Flow's store
  // outside React, so panning renders nothing.
  useEffect(() => {
    if (!root) return;
    const apply = ([x, y, zoom]: [number, number, number]) => {
      root.style.setProperty('--kg-inv-zoom', String(inverseZoom(zoom)));
      animatorRef.current?.setViewport(x, y, zoom);
    };
    apply(flow.getState().transform);
    return flow.subscribe((s, prev) => {
      if (s.transform !== prev.transform) apply(s.transform);
    });
  }, [root, flow]);

  useEffect(() => {
    layoutRef.current = layout;
    animatorRef.current?.setLayout(layout);
  }, [layout]);

  return (
    <ViewportPortal>
      <div ref={setRoot} className="kg-messages" data-testid="message-layer" />
    </ViewportPortal>
  );
}
