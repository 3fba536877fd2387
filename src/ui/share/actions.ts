/**
 * Sharing a run and opening one: a link, a scenario file. Everything that comes in is untrusted:
 * it is decoded and checked first, and on any problem the learner gets a message naming it while
 * nothing is applied. The editor's text is replaced only after asking.
 */
import type { WorkerBridge } from '../bridge';
import { saveBuffer } from '../editor/persist';
import { appStore } from '../store';
import { RUN_FORMAT, type RecordedRun, type SharedRun } from '../../engine/public';
import { toRunLog, toShared } from './runConvert';
import { decodeRun, encodeRun, hasRunFragment, MAX_COMPRESSED_BYTES, payloadBytes } from './codec';
import { ask, notify, shareStore } from './shareStore';

/** The engine's object validation, loaded when first needed (it brings the YAML parser). */
const validation = () => import('../../engine/replay/validateObjects');

async function firstObjectProblem(actions: RecordedRun['actions']): Promise<string | undefined> {
  return (await validation()).firstObjectProblem(actions);
}

/** The largest scenario file opened (the same limit as a link's decompressed run). */
export const MAX_SCENARIO_BYTES = 2 * 1024 * 1024;

/** A share link for the run so far, or why there cannot be one. */
export async function makeShareLink(
  bridge: WorkerBridge,
  base: string,
): Promise<{ url: string; bytes: number } | { error: string }> {
  const log = bridge.runLog();
  if (!log) return { error: 'the simulation has not started yet' };
  const recorded = toShared(log);
  // What the API server refused is carried, marked: the receiver's replay is refused the same way.
  const run = { ...recorded, actions: (await validation()).markRefused(recorded.actions) };
  const shared: SharedRun = { v: RUN_FORMAT, editor: appStore.getState().editorText, ...run };
  const fragment = await encodeRun(shared);
  const bytes = payloadBytes(fragment);
  if (bytes > MAX_COMPRESSED_BYTES)
    return {
      error: `this run is ${Math.ceil(bytes / 1024)} KB compressed, over the ${MAX_COMPRESSED_BYTES / 1024} KB a link may carry. Download the scenario instead.`,
    };
  return { url: `${base}#${fragment}`, bytes };
}

/** Replaces the editor's text, after asking when that would lose what the learner wrote. */
async function offerEditorText(text: string, from: string): Promise<void> {
  const current = appStore.getState().editorText;
  if (text === current) return;
  if (current.trim() !== '') {
    const replace = await ask(
      `Replace the editor's text?`,
      `The ${from} carries editor text (${text.split('\n').length} lines). Replacing it loses what the editor holds now.`,
      'Replace editor text',
      'Keep my text',
    );
    if (!replace) return;
  }
  appStore.getState().setEditorText(text);
  saveBuffer(text);
}

/**
 * Rebuilds a checked run in the worker (a restore of its run log), paused at its moment: the
 * worker's snapshot replaces the page's cluster.
 */
export function replayRun(bridge: WorkerBridge, run: RecordedRun): void {
  bridge.send({ type: 'restore', log: toRunLog(run) });
}

/** Opens the run a location hash carries (`#run=…`); a message, and no change, when it is bad. */
let lastLink = '';

export async function openLink(bridge: WorkerBridge, hash: string): Promise<void> {
  // Once per link: React may mount the page's effects twice.
  if (!hasRunFragment(hash) || hash === lastLink) return;
  lastLink = hash;
  const decoded = await decodeRun(hash);
  if (!decoded.ok) {
    notify('This link could not be opened', `${capital(decoded.error)}. Nothing was changed.`);
    return;
  }
  const run = decoded.value;
  const problem = await firstObjectProblem(run.actions);
  if (problem) {
    notify(
      'This link could not be opened',
      `The link's run is not valid: ${problem}. Nothing was changed.`,
    );
    return;
  }
  // Objects the API server refused in the run shared: opened only when the learner agrees.
  const refused = (await validation()).refusedProblems(run.actions);
  if (refused.length > 0) {
    const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : '';
    const open = await ask(
      'Open a run with refused objects?',
      `In the run this link was shared from, the API server refused: ${refused[0]}${more}. Opening it replays the run, and the API server refuses them again: nothing of them is stored.`,
      'Open the run',
      'Cancel',
    );
    if (!open) {
      notify('The link was not opened', 'Nothing was changed.');
      return;
    }
  }
  replayRun(bridge, run);
  await offerEditorText(run.editor, 'link');
}

/** Opens a scenario file (picked or dropped): its cluster and steps, paused at the end. */
export async function openScenarioFile(bridge: WorkerBridge, file: File): Promise<void> {
  const title = `"${file.name}" could not be opened`;
  if (file.size > MAX_SCENARIO_BYTES) {
    notify(
      title,
      `The file is ${Math.ceil(file.size / 1024)} KB; a scenario may be at most 2 MB. Nothing was changed.`,
    );
    return;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    notify(title, 'The file is not UTF-8 text. Nothing was changed.');
    return;
  }
  const go = await ask(
    `Open scenario "${file.name}"?`,
    'Its cluster replaces the current one, and its steps run up to its end, paused there. The editor keeps its text.',
    'Open scenario',
    'Cancel',
  );
  if (!go) return;
  shareStore.setState({ busy: `Running ${file.name}…` });
  try {
    const r = await bridge.request({ type: 'openScenario', text });
    if (!r.ok) notify(title, `${file.name}: ${r.output ?? 'not a scenario'}. Nothing was changed.`);
    else shareStore.setState({ dialogOpen: false });
  } catch (e) {
    notify(title, (e as Error).message);
  } finally {
    shareStore.setState({ busy: null });
  }
}

/** Saves the run so far as a scenario file `npm run sim -- scenario FILE` runs. */
export async function downloadScenario(bridge: WorkerBridge): Promise<void> {
  shareStore.setState({ busy: 'Writing the scenario…' });
  try {
    const log = bridge.runLog();
    if (!log) return;
    const r = await bridge.request({ type: 'exportScenario', run: toShared(log) });
    if (!r.ok || r.output === undefined) {
      notify('The scenario could not be written', r.output ?? 'the simulation did not answer');
      return;
    }
    saveFile(new Blob([r.output], { type: 'application/yaml' }), 'kubeglass-scenario.yaml');
  } finally {
    shareStore.setState({ busy: null });
  }
}

/** Offers `blob` as a download named `name`. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
