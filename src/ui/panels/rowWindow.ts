/**
 * The rows of a long table that are drawn: those in view, and `overscan` on either side. A table
 * lays out every row it has whenever one changes, and the Events table changes four times a second
 * during a rollout: 300 rows of five cells were most of the page's layout then, for the seven or
 * so a learner can see. The rows above and below are one empty row each, as tall as they would be.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RefObject } from 'react';

export interface RowWindow {
  /** Index of the first row drawn. */
  first: number;
  /** Index after the last row drawn. */
  end: number;
  /** Height of the rows not drawn above and below, in CSS pixels. */
  above: number;
  below: number;
}

/**
 * Rows `first`…`end` of `count`, for a scroller at `top` showing `height` pixels of rows
 * `rowHeight` tall; at the bottom (`stuck`), the last rows whatever `top` says (the scroller is
 * about to follow the newest).
 */
export function rowWindow(
  count: number,
  view: { top: number; height: number; stuck: boolean },
  rowHeight: number,
  overscan: number,
): RowWindow {
  const h = Math.max(1, rowHeight);
  const visible = Math.ceil(view.height / h) + 1;
  let first = view.stuck ? count - visible : Math.floor(view.top / h);
  first = Math.max(0, Math.min(first - overscan, count - visible - overscan));
  const end = Math.min(count, first + visible + 2 * overscan);
  return { first, end, above: first * h, below: (count - end) * h };
}

export interface ScrollView {
  top: number;
  height: number;
  /** Scrolled to the end (or never scrolled): new rows keep it there. */
  stuck: boolean;
}

/**
 * Follows a scroller's position and size (once a frame at most) and whether it is at the end.
 * `stickToEnd()` scrolls it to the end if it was there, after new rows.
 */
export function useScrollView(scroller: RefObject<HTMLElement | null>): {
  view: ScrollView;
  stickToEnd: () => void;
} {
  const [view, setView] = useState<ScrollView>({ top: 0, height: 600, stuck: true });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let raf = 0;
    // Only the learner's scrolling unsticks it: a new size, or rows drawn before it was scrolled
    // to the end, keep it at the end.
    let scrolled = false;
    let stuck = true;
    const read = () => {
      raf = 0;
      const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 24;
      if (scrolled) stuck = atEnd;
      // Stuck but not at the end (it was shown, or grew): back to the newest rows, whose place
      // would otherwise be blank space above them.
      else if (stuck && !atEnd) el.scrollTop = el.scrollHeight;
      scrolled = false;
      setView((v) =>
        v.top === el.scrollTop && v.height === el.clientHeight && v.stuck === stuck
          ? v
          : { top: el.scrollTop, height: el.clientHeight, stuck },
      );
    };
    const soon = () => {
      raf ||= requestAnimationFrame(read);
    };
    const onScroll = () => {
      scrolled = true;
      soon();
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(soon);
    observer.observe(el);
    soon();
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
      cancelAnimationFrame(raf);
    };
  }, [scroller]);
  const stuck = view.stuck;
  const stickToEnd = useCallback(() => {
    const el = scroller.current;
    // In the next frame, not at commit: reading scrollHeight forces a layout, which the frame
    // does anyway — forcing it at commit lays the page out twice.
    if (el && stuck)
      requestAnimationFrame(() => {
        el.scrollTop = el.scrollHeight;
      });
  }, [scroller, stuck]);
  return { view, stickToEnd };
}
