/** How many distinct strings {@link sharedText} remembers before it starts over. */
const SHARED_TEXT_MAX = 4096;
const held = new Map<string, string>();

/**
 * The one copy of a short text the node makes the same for many pods (a volume's file paths,
 * `containers with unready status: [app]`). scale: each pod's copy costs ~50 bytes more, held
 * in its volumes and in every stored revision of its status. Bounded: forgotten all at once when
 * full (a string is its characters alone, so which copy is held changes nothing anyone reads).
 */
export function sharedText(s: string): string {
  const h = held.get(s);
  if (h !== undefined) return h;
  if (held.size >= SHARED_TEXT_MAX) held.clear();
  held.set(s, s);
  return s;
}
