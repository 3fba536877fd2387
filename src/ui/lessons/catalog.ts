/**
 * The lessons the app ships: `lessons/index.json` lists the files of `public/lessons/` in order;
 * each is a scenario file read by the engine's own parser, so a lesson the panel shows is the
 * lesson `npm run sim -- scenario` checks.
 */
import { parseScenario } from '../../engine/publicScenario';
import type { Scenario } from '../../engine/publicScenario';

export interface LessonEntry {
  file: string;
  /** 1-based position in the list. */
  number: number;
  lesson?: Scenario;
  /** Why the file could not be used, naming it and the line: `07-services.yaml: line 4: …`. */
  error?: string;
}

const BASE = './lessons/';

async function fetchText(url: string): Promise<string> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.text();
}

/** Loads every lesson; a lesson that fails to load or parse is listed with its error. */
export async function loadCatalog(
  fetchText_: (url: string) => Promise<string> = fetchText,
): Promise<LessonEntry[]> {
  const files = JSON.parse(await fetchText_(`${BASE}index.json`)) as unknown;
  if (!Array.isArray(files)) throw new Error('lessons/index.json is not a list of files');
  return Promise.all(
    files.map(async (file: unknown, i): Promise<LessonEntry> => {
      const name = String(file);
      try {
        return { file: name, number: i + 1, lesson: parseScenario(await fetchText_(BASE + name)) };
      } catch (e) {
        return { file: name, number: i + 1, error: `${name}: ${(e as Error).message}` };
      }
    }),
  );
}
