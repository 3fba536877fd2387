import { expect, test } from '@playwright/test';
import {
  apply,
  loadExample,
  podsWithStatus,
  replaceEditorText,
  screenshot,
  setSpeed,
  startClean,
} from './helpers';

startClean();

test('a worker that throws is restarted from the run log: every object comes back, paused', async ({
  page,
}, testInfo) => {
  // `?debug` puts the bridge on window, so the test can make the engine throw as a bug would.
  await page.goto('/?debug');
  await expect(page.getByRole('button', { name: 'kube-apiserver on control-plane' })).toBeVisible();
  await loadExample(page, /A Deployment with a Service/);
  await setSpeed(page, 16);
  await expect(await apply(page)).toContainText('deployment.apps/web created');
  const running = podsWithStatus(page, 'web-', 'Running');
  await expect(running).toHaveCount(3, { timeout: 45_000 });
  const before = (await running.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
    .map((l) => /^Pod (\S+),/.exec(l ?? '')?.[1])
    .sort();

  await page.evaluate(() =>
    (
      window as unknown as { kubeglassBridge: { send(m: { type: 'crash' }): void } }
    ).kubeglassBridge.send({ type: 'crash' }),
  );
  const banner = page.locator('.kg-banner');
  await expect(banner).toContainText('The simulation stopped: test crash: the engine threw');
  await screenshot(page, testInfo, 'stopped');
  await banner.getByRole('button', { name: 'Restart' }).click();
  await expect(banner).toBeHidden();

  // The same pods, with the same generated names, back on the diagram; time paused. Polled:
  // the page may still show the old pods for a moment before the rebuilt cluster's snapshot.
  const names = async () =>
    (await running.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
      .map((l) => /^Pod (\S+),/.exec(l ?? '')?.[1])
      .sort();
  await expect.poll(names, { timeout: 20_000 }).toEqual(before);
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await screenshot(page, testInfo, 'restored');
});

test('a manifest the parser gives up on is an error of the manifest; the cluster runs on', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'kube-apiserver on control-plane' })).toBeVisible();
  // The billion laughs, in flow style (no indentation for the editor to change).
  const keys = ['a: &a [x,x,x,x,x,x,x,x,x]'];
  for (let i = 1; i <= 12; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    keys.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: laughs}\ndata: {${keys.join(', ')}}\n`;
  await replaceEditorText(page, bomb);
  const results = await apply(page);
  await expect(results).toContainText(/alias/i);
  await expect(page.locator('.kg-banner')).toBeHidden();

  await loadExample(page, /A Deployment with a Service/);
  await setSpeed(page, 16);
  await expect(await apply(page)).toContainText('deployment.apps/web created');
});

test("the terminal applies the editor's live text, even where storage fails; the failed save is shown", async ({
  page,
}) => {
  // Storage that takes nothing: every save fails as a full quota does.
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
  });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'kube-apiserver on control-plane' })).toBeVisible();
  await setSpeed(page, 16);
  await replaceEditorText(
    page,
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typed-just-now}\ndata: {a: b}\n',
  );
  await expect(page.getByText('Not saved: the browser storage is full.')).toBeVisible();
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const input = page.getByLabel('kubectl terminal');
  await expect(input).toBeAttached({ timeout: 20_000 });
  await input.focus();
  await page.keyboard.type('kubectl apply -f editor.yaml');
  await page.keyboard.press('Enter');
  await expect(page.locator('.kg-terminal .xterm-rows')).toContainText(
    'configmap/typed-just-now created',
  );
});
