/** `#run=1.<base64url>`: the key and the format version come before the payload. */
export const FRAGMENT_KEY = 'run';

/**
 * True when a location hash carries a run. Its own module, loaded with the page: the codec and
 * the rest of sharing load only when a link is opened or the Share button is used.
 */
export function hasRunFragment(hash: string): boolean {
  return hash.replace(/^#/, '').startsWith(`${FRAGMENT_KEY}=`);
}
