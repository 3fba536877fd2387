import { appStore, keysOf, shellStore } from '../store';
import { useThrottledRead } from '../store/throttled';
import { captionStore } from './captionStore';
import type { StoryEntry } from './captionStore';

/** The etcd key of the object a caption names, if it is stored. */
function objectKeyOf(entry: StoryEntry): string | undefined {
  const o = entry.object;
  if (!o) return undefined;
  const s = appStore.getState();
  return keysOf(s.keysByKind, o.kind).find((k) => {
    const rec = s.objects.get(k);
    return rec?.name === o.name && (!o.namespace || rec.namespace === o.namespace);
  });
}

/** `12.345 s` of virtual time. */
const at = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

/**
 * The Story: recent captions, newest first. Clicking one lights up its sender, its receiver and
 * the object it is about on the diagram.
 */
export function StoryPanel() {
  // At most 4 times a second: at 16× the Story gains lines in every frame, faster than anyone
  // reads, and laying out its 200 lines each time was a frame's budget.
  const story = useThrottledRead(
    captionStore,
    (s, prev) => s.story !== prev.story,
    (s) => s.story,
    250,
  );
  return (
    <section className="kg-story" aria-label="Story">
      <header className="kg-story-head">
        <h2>Story</h2>
        <span className="kg-muted">{story.length} recent messages</span>
        <button
          type="button"
          className="kg-button kg-icon-button"
          aria-label="Close the Story"
          onClick={() => shellStore.getState().togglePanel('story')}
        >
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <ol className="kg-story-list">
        {story.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              className="kg-story-item"
              onClick={() => shellStore.getState().focusOn([e.from, e.to], objectKeyOf(e))}
            >
              <span className="kg-story-time">{at(e.at)}</span>
              {e.text}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
