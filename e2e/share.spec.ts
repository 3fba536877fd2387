import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import {
  apply,
  clockText,
  openApp,
  podsWithStatus,
  replaceEditorText,
  screenshot,
  setSpeed,
  startClean,
} from './helpers';

startClean();

/** The names of the pods drawn on the diagram, sorted. */
async function podNames(page: Page): Promise<string[]> {
  const labels = await page
    .getByRole('button', { name: /^Pod \S+, / })
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.map((l) => /^Pod (\S+),/.exec(l)![1]).sort();
}

/** Applies the default Deployment and lets it run until its 3 pods are Running, then pauses. */
async function runningDeployment(page: Page): Promise<string[]> {
  await openApp(page);
  await setSpeed(page, 16);
  await apply(page);
  await expect(podsWithStatus(page, 'web-', 'Running')).toHaveCount(3, { timeout: 45_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  return podNames(page);
}

async function shareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share' }).click();
  const field = page.getByRole('textbox', { name: 'Share link' });
  await expect(field).toHaveValue(/#run=1\./, { timeout: 20_000 });
  return field.inputValue();
}

test('a shared link opens the same pods at the same virtual time, paused', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const names = await runningDeployment(page);
  const time = await clockText(page);
  const url = await shareLink(page);
  await screenshot(page, testInfo, 'share-dialog');

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.locator('.kg-clock')).toHaveText(time, { timeout: 30_000 });
  await expect(other.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect.poll(() => podNames(other)).toEqual(names);
  await screenshot(other, testInfo, 'opened-link');
  await fresh.close();
});

test('a link carries an object the server refused: the receiver is asked, then sees the same refusal', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const names = await runningDeployment(page);
  // A Pod whose name is not a DNS subdomain: the API server refuses it.
  await replaceEditorText(
    page,
    'apiVersion: v1\nkind: Pod\nmetadata: {name: Web_1}\nspec: {containers: [{name: c, image: "nginx:1.27"}]}\n',
  );
  // Applying takes the clock running (the API server's stages take virtual time).
  await page.getByRole('button', { name: 'Play' }).click();
  const results = await apply(page);
  await expect(results).toContainText('metadata.name: Invalid value: "Web_1"');
  await page.getByRole('button', { name: 'Pause' }).click();
  const url = await shareLink(page);

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  await other.goto(url);
  const ask = other.getByRole('alertdialog', { name: 'Open a run with refused objects?' });
  await expect(ask).toContainText('metadata.name: Invalid value: "Web_1"');
  await screenshot(other, testInfo, 'refused-link');
  await ask.getByRole('button', { name: 'Open the run' }).click();
  await expect(other.getByRole('button', { name: 'Play' })).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => podNames(other)).toEqual(names);
  await expect(other.getByRole('button', { name: /^Pod Web_1/ })).toHaveCount(0);
  await fresh.close();
});

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const hostileRun = {
  v: 1,
  shape: { workers: 3, cpu: '4', memory: '8Gi', seed: 42 },
  editor: 'kind: Pod\n',
  actions: [
    {
      at: 1000,
      executed: 10,
      op: 'apply',
      manifest:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "<img src=x onerror=alert(1)>"\nspec:\n  containers: [{ name: a, image: nginx }]\n',
    },
  ],
  moment: { at: 2000, executed: 20 },
};

const HOSTILE: [what: string, fragment: string, message: RegExp][] = [
  [
    'script in a name',
    `run=1.${b64url(deflateRawSync(JSON.stringify(hostileRun)))}`,
    /metadata\.name: Invalid value: "<img src=x onerror=alert\(1\)>"/,
  ],
  [
    'compression bomb',
    `run=1.${b64url(deflateRawSync(Buffer.alloc(40 * 1024 * 1024), { level: 9 }))}`,
    /larger than 2 MB when decompressed/,
  ],
  ['broken base64', 'run=1.@@not*base64', /not valid base64url/],
  ['wrong version', `run=7.${b64url(deflateRawSync('{}'))}`, /format version 7/],
];

test('hostile links show what is wrong and change nothing', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const names = await runningDeployment(page);
  const time = await clockText(page);
  const editor = await page.locator('.monaco-editor .view-lines').innerText();
  for (const [what, fragment, message] of HOSTILE) {
    await page.evaluate((h) => (location.hash = h), fragment);
    const notice = page.getByRole('alertdialog', { name: 'This link could not be opened' });
    await expect(notice, what).toBeVisible();
    await expect(notice, what).toContainText(message);
    await expect(notice).toContainText('Nothing was changed.');
    if (what === 'script in a name') await screenshot(page, testInfo, 'hostile-name');
    await notice.getByRole('button', { name: 'OK' }).click();
    await expect(notice).toBeHidden();
    expect(await podNames(page), what).toEqual(names);
    expect(await clockText(page), what).toBe(time);
    expect(await page.locator('.monaco-editor .view-lines').innerText(), what).toBe(editor);
  }
  // The name was shown as text: no element was made from it, no script ran.
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test('the downloaded scenario runs headless to the same pods', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const names = await runningDeployment(page);
  await page.getByRole('button', { name: 'Share' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download scenario' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('kubeglass-scenario.yaml');
  const file = testInfo.outputPath('kubeglass-scenario.yaml');
  await download.saveAs(file);
  // As a teacher would run it: `npm run sim -- scenario FILE`. A non-zero exit rejects.
  const { stdout } = await promisify(execFile)('npm', ['run', 'sim', '--', 'scenario', file], {
    timeout: 120_000,
  });
  const printed = [...stdout.matchAll(/^(web-\S+)\s/gm)].map((m) => m[1]).sort();
  expect(printed).toEqual(names);
});

test.describe('pictures', () => {
  // A sharp screen: the diagram's fitted zoom keeps the pods' names (no far level of detail).
  test.use({ deviceScaleFactor: 2 });
  test('the diagram exports as PNG and as SVG, with the pods in it', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const names = await runningDeployment(page);
    await expect(page.locator('[data-lod="near"]')).toHaveCount(1);
    await expect(page.locator('.kg-pod-name').first()).toBeVisible();
    await page.getByRole('button', { name: 'Share' }).click();
    for (const format of ['PNG', 'SVG'] as const) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: `Export ${format}` }).click(),
      ]);
      const ext = format.toLowerCase();
      expect(download.suggestedFilename()).toBe(`kubeglass-diagram.${ext}`);
      const file = testInfo.outputPath(`diagram.${ext}`);
      await download.saveAs(file);
      const bytes = readFileSync(file);
      expect(bytes.length).toBeGreaterThan(1000);
      if (format === 'PNG') {
        // The PNG signature, then a picture of a real size (IHDR width and height).
        expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
        expect(bytes.readUInt32BE(16)).toBeGreaterThan(300);
        expect(bytes.readUInt32BE(20)).toBeGreaterThan(150);
      } else {
        const svg = bytes.toString('utf8');
        expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s>]/);
        // The names as drawn text, not only in attributes.
        const text = svg.replace(/<[^>]*>/g, ' ');
        for (const name of names) expect(text).toContain(name);
        // The legend's colour swatches (generated content on screen) are real elements in it.
        expect(svg).toMatch(/<li[^>]*>\s*<span style="[^"]*width:\s*1\d(\.\d+)?px/);
      }
    }
  });
});
