/** Shared steps of the e2e specs: a clean start, examples, apply, speed, screenshots. */
import { expect, test } from '@playwright/test';
import type { Locator, Page, TestInfo } from '@playwright/test';

/** Saves a full-page screenshot into the test's output directory and attaches it to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Every test starts from the default manifest, not from what an earlier test left behind. */
export function startClean(): void {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      if (!sessionStorage.getItem('kubeglass.e2e')) {
        localStorage.clear();
        // The first-visit tour is dismissed: the specs test the app, the tour has its own spec.
        localStorage.setItem('kubeglass.tour.v1', 'done');
        sessionStorage.setItem('kubeglass.e2e', '1');
      }
    });
  });
}

/** Opens the app and waits until the cluster is drawn. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'kube-apiserver on control-plane' })).toBeVisible();
}

/** Loads an example from the editor's Examples menu by (the start of) its title. */
export async function loadExample(page: Page, title: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: /^Examples/ }).click();
  await page.getByRole('menuitem', { name: title }).click();
}

/** Presses Apply and waits for the results of every document. */
export async function apply(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const results = page.getByRole('status', { name: 'Apply results' });
  await expect(results).not.toContainText('Applying…', { timeout: 20_000 });
  return results;
}

/** Sets the playback speed (0.25 … 16). */
export async function setSpeed(page: Page, speed: number): Promise<void> {
  await page.getByLabel('Speed').selectOption(String(speed));
}

/** Pods of a name prefix drawn on the diagram with a given kubectl STATUS. */
export function podsWithStatus(page: Page, prefix: string, status: string): Locator {
  return page.getByRole('button', {
    name: new RegExp(`^Pod ${prefix}\\S*, ${status}, `),
  });
}

/** The virtual clock's text, `mm:ss.s`. */
export async function clockText(page: Page): Promise<string> {
  return (await page.locator('.kg-clock').textContent()) ?? '';
}

/** Virtual ms from the clock's `mm:ss.s` (or `mm:ss.sss` while paused). */
export function clockMs(text: string): number {
  const m = /^(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim());
  return m ? (Number(m[1]) * 60 + Number(m[2])) * 1000 : NaN;
}

/** Replaces the editor's text as typed input (no auto-indent or bracket closing). */
export async function replaceEditorText(page: Page, text: string): Promise<void> {
  const editor = page.locator('.monaco-editor').first();
  await expect(editor).toBeVisible({ timeout: 20_000 });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** Opens the Terminal tab (from the dock strip a short window starts with, or its tab), focused. */
export async function openTerminal(page: Page): Promise<Locator> {
  await page
    .getByRole('button', { name: 'Terminal' })
    .or(page.getByRole('tab', { name: 'Terminal' }))
    .click();
  const input = page.getByLabel('kubectl terminal');
  await expect(input).toBeAttached({ timeout: 20_000 });
  await input.focus();
  return page.locator('.kg-terminal .xterm-rows');
}

/** Types a command line and presses Enter. */
export async function run(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}
