import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { apply, openApp, podsWithStatus, screenshot, setSpeed, startClean } from './helpers';

startClean();

async function podNames(page: Page): Promise<string[]> {
  const labels = await page
    .getByRole('button', { name: /^Pod \S+, / })
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.map((l) => /^Pod (\S+),/.exec(l)![1]).sort();
}

/** Drags the timeline's thumb to a fraction of its track. */
async function dragTo(page: Page, fraction: number): Promise<void> {
  const box = (await page.getByRole('slider', { name: 'Timeline' }).boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width - 2, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 4 });
  await page.mouse.move(box.x + box.width * fraction, y, { steps: 4 });
  await page.mouse.up();
}

test('drag the timeline back before the Apply: no pods; forward: the same pods', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await openApp(page);
  await setSpeed(page, 16);
  await page.waitForTimeout(1500);
  await apply(page);
  await expect(podsWithStatus(page, 'web-', 'Running')).toHaveCount(3, { timeout: 45_000 });
  const names = await podNames(page);
  const slider = page.getByRole('slider', { name: 'Timeline' });
  const marker = page.getByRole('button', { name: /^Action at .*: apply Deployment/ });
  await expect(marker).toHaveCount(1);

  await dragTo(page, 0);
  await expect(slider).not.toHaveAttribute('aria-valuetext', /live/);
  await expect(page.getByRole('button', { name: /^Pod / })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await screenshot(page, testInfo, 'before-apply');

  await dragTo(page, 1);
  await expect(slider).toHaveAttribute('aria-valuetext', /live/);
  await expect.poll(() => podNames(page)).toEqual(names);

  // Keyboard: Home is the start, End the live edge again.
  await slider.focus();
  await slider.press('Home');
  await expect(page.getByRole('button', { name: /^Pod / })).toHaveCount(0);
  await slider.press('End');
  await expect.poll(() => podNames(page)).toEqual(names);
});

test('← in step mode shows the previous message again', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await openApp(page);
  await apply(page);
  await page.getByRole('button', { name: 'Pause' }).click();
  const step = page.getByRole('button', { name: 'Step', exact: true });
  for (let i = 0; i < 4; i++) {
    await step.click();
    await page.waitForTimeout(400);
  }
  const slider = page.getByRole('slider', { name: 'Timeline' });
  const live = Number(await slider.getAttribute('aria-valuenow'));
  await slider.focus();
  await slider.press('ArrowLeft');
  await expect(slider).not.toHaveAttribute('aria-valuetext', /live/);
  const back = Number(await slider.getAttribute('aria-valuenow'));
  expect(back).toBeLessThan(live);
  // The message sent at that moment is drawn again.
  await expect(page.getByTestId('message-dots')).toHaveAttribute('data-in-flight', /^[1-9]/);
  await screenshot(page, testInfo, 'step-back');
  await slider.press('ArrowLeft');
  expect(Number(await slider.getAttribute('aria-valuenow'))).toBeLessThanOrEqual(back);
  await slider.press('End');
  await expect(slider).toHaveAttribute('aria-valuetext', /live/);
});

test('a past moment shows the terminal and the inspector as they were then', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await openApp(page);
  // The inspector shows worker-1's container runtime: the images a kind node comes with (pause,
  // kube-proxy, kindnetd, the control plane's), no nginx yet.
  await page.getByRole('button', { name: 'container runtime on worker-1' }).click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector).toContainText(/Image cache \(\d+\)/);
  const cached = Number((await inspector.textContent())!.match(/Image cache \((\d+)\)/)![1]);
  const before = `Image cache (${cached})`;
  const after = `Image cache (${cached + 1})`;
  await expect(inspector).not.toContainText('nginx');
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const input = page.getByLabel('kubectl terminal');
  await expect(input).toBeAttached({ timeout: 20_000 });
  await input.focus();
  await page.keyboard.type('kubectl get pods\n', { delay: 10 });
  const rows = page.locator('.kg-terminal .xterm-rows');
  await expect(rows).toContainText('No resources found in default namespace.');

  await setSpeed(page, 16);
  await apply(page);
  await expect(podsWithStatus(page, 'web-', 'Running')).toHaveCount(3, { timeout: 45_000 });
  await expect(inspector).toContainText(after);
  await expect(inspector).toContainText('nginx');
  await input.focus();
  await page.keyboard.type('kubectl get pods\n', { delay: 10 });
  await expect(rows).toContainText(/web-\S+\s+1\/1\s+Running/);

  // Paused, as a learner would before aiming at a marker: at 16× the timeline's end grows every
  // frame, so each marker slides left all the time and, on a loaded machine, a click aimed at
  // one 2-px marker could land beside it (the CI run of stop 23 saw that once).
  await page.getByRole('button', { name: 'Pause' }).click();
  // The moment of the Apply: the first command's answer, not the second; no image yet.
  await page.getByRole('button', { name: /^Action at .*: apply Deployment/ }).click();
  await expect(page.getByRole('slider', { name: 'Timeline' })).not.toHaveAttribute(
    'aria-valuetext',
    /live/,
  );
  await expect(rows).toContainText('No resources found in default namespace.');
  await expect(rows).not.toContainText(/web-\S+\s+1\/1/);
  await expect(inspector).toContainText(before);
  await expect(inspector).not.toContainText('nginx');
  await screenshot(page, testInfo, 'past-terminal-inspector');

  // The live edge: both again.
  await page.getByRole('slider', { name: 'Timeline' }).press('End');
  await expect(rows).toContainText(/web-\S+\s+1\/1\s+Running/);
  await expect(inspector).toContainText(after);
  // Playing again at 1×: a log request needs virtual time to travel API server → kubelet.
  await setSpeed(page, 1);
  await page.getByRole('button', { name: 'Play' }).click();

  // A pod's logs: nginx's lines live; at the Apply the pod did not exist yet; a few messages
  // later (the image is still being pulled) it exists but its container has not started, so its
  // log is empty then. PageUp moves the moment on by a second.
  await podsWithStatus(page, 'web-', 'Running').first().click();
  await inspector.getByRole('button', { name: 'Logs', exact: true }).click();
  const logLines = inspector.getByLabel(/^Logs of web-/);
  await expect(logLines).toContainText(/nginx|worker process|start/i, { timeout: 20_000 });
  const slider = page.getByRole('slider', { name: 'Timeline' });
  await page.getByRole('button', { name: /^Action at .*: apply Deployment/ }).click();
  await expect(inspector).toContainText('is not stored at this moment');
  await expect(async () => {
    await slider.press('PageUp');
    await expect(logLines).toHaveText('(no log lines yet at this moment)', { timeout: 500 });
  }).toPass({ timeout: 30_000 });
  await screenshot(page, testInfo, 'past-pod-logs');
  // Later, still in the past, nginx's start-up lines are there.
  await expect(async () => {
    await slider.press('PageUp');
    await expect(slider).not.toHaveAttribute('aria-valuetext', /live/, { timeout: 100 });
    await expect(logLines).toContainText(/nginx|worker process|start/i, { timeout: 500 });
  }).toPass({ timeout: 30_000 });
  await slider.press('End');
  await expect(logLines).toContainText(/nginx|worker process|start/i, { timeout: 20_000 });

  // The etcd browser too: no key of Deployment web before the Apply (kube-system's two are).
  await page.getByRole('tab', { name: 'etcd' }).click();
  const etcd = page.getByRole('region', { name: 'etcd browser' });
  await expect(etcd).toContainText('/registry/deployments/ 3');
  await page.getByRole('button', { name: /^Action at .*: apply Deployment/ }).click();
  await expect(etcd).toContainText('/registry/deployments/ 2');
  await page.getByRole('slider', { name: 'Timeline' }).press('End');
  await expect(etcd).toContainText('/registry/deployments/ 3');
});

test('Play at an earlier moment starts a new future after a confirmation that says the rest is dropped', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await openApp(page);
  await setSpeed(page, 16);
  await page.waitForTimeout(1500);
  await apply(page);
  await expect(podsWithStatus(page, 'web-', 'Running')).toHaveCount(3, { timeout: 45_000 });
  const names = await podNames(page);
  const slider = page.getByRole('slider', { name: 'Timeline' });
  const marker = page.getByRole('button', { name: /^Action at .*: apply Deployment/ });

  // Back before the Apply, then Play: asked first; "Back to the live edge" keeps everything.
  await dragTo(page, 0.02);
  await expect(page.getByRole('button', { name: /^Pod / })).toHaveCount(0);
  const past = Number(await slider.getAttribute('aria-valuenow'));
  await page.getByRole('button', { name: 'Play' }).click();
  const confirm = page.getByRole('alertdialog', { name: /^Start a new future at / });
  await expect(confirm).toContainText('is dropped');
  await screenshot(page, testInfo, 'new-future-confirmation');
  await confirm.getByRole('button', { name: 'Back to the live edge' }).click();
  await expect(slider).toHaveAttribute('aria-valuetext', /live/);
  await expect.poll(() => podNames(page)).toEqual(names);
  await expect(marker).toHaveCount(1);

  // Again, and this time start the new future: the Apply and its pods are gone for good.
  await page.getByRole('button', { name: 'Pause' }).click();
  await dragTo(page, 0.02);
  await page.getByRole('button', { name: 'Play' }).click();
  await confirm.getByRole('button', { name: 'Start a new future' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(slider).toHaveAttribute('aria-valuetext', /live/);
  await expect(marker).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  // Time runs on from that moment, and nothing was applied in this future.
  await page.waitForTimeout(2000);
  expect(Number(await slider.getAttribute('aria-valuenow'))).toBeGreaterThan(past);
  await expect(page.getByRole('button', { name: /^Pod / })).toHaveCount(0);
});
