/**
 * The simulated registry's image records and how long a pull of one takes, for the UI's pull
 * progress bars and the captions' pull estimates. Its own module (see `public.ts`): the image
 * catalogue is about 10 KB gzip that the first diagram does not need, so the UI loads it on demand
 * (`import()`) when the trace first shows a pull. It reads the whole catalogue itself, not the
 * engine's on-demand parts (./onDemand.ts), which only the worker loads.
 */
import { CATALOGUE } from './node/runtime/imageCatalogue';
import { lookupImage as lookupIn, pullDurationMs } from './node/runtime/images';

/** {@link lookupIn | lookupImage} over the whole catalogue. */
export function lookupImage(ref: string): ReturnType<typeof lookupIn> {
  return lookupIn(ref, (name) => CATALOGUE[name]);
}

export { pullDurationMs };

/** What the UI uses of the registry: the same numbers the simulated runtime uses. */
export interface ImageRegistry {
  lookupImage: typeof lookupImage;
  pullDurationMs: typeof pullDurationMs;
}
