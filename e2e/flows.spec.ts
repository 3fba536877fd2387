import { expect, test } from '@playwright/test';
import { EXAMPLES } from '../src/ui/editor/examples';
import {
  apply,
  clockMs,
  clockText,
  loadExample,
  openApp,
  podsWithStatus,
  screenshot,
  setSpeed,
  startClean,
} from './helpers';

startClean();

test('the log flow shows the container’s log lines', async ({ page }, testInfo) => {
  await openApp(page);
  await loadExample(page, /^A Pod/);
  await setSpeed(page, 16);
  await apply(page);
  const pod = podsWithStatus(page, 'nginx', 'Running');
  await expect(pod).toHaveCount(1, { timeout: 40_000 });
  await pod.click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await inspector.getByRole('button', { name: 'Logs', exact: true }).click();
  const lines = inspector.getByLabel('Logs of nginx');
  await expect(lines).toBeVisible({ timeout: 20_000 });
  await expect(lines).not.toHaveText('(no log lines yet)');
  await expect(lines).toContainText(/nginx|worker process|start/i);
  await screenshot(page, testInfo, 'logs');
});

test('step mode advances one message at a time', async ({ page }, testInfo) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await loadExample(page, /^A Pod/);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  // Paused: the clock stands still.
  const paused = await clockText(page);
  await page.waitForTimeout(400);
  expect(await clockText(page)).toBe(paused);

  const step = page.getByRole('button', { name: 'Step' });
  let before = clockMs(paused);
  for (let i = 0; i < 3; i++) {
    await step.click();
    await expect.poll(async () => clockMs(await clockText(page))).toBeGreaterThan(before);
    const now = clockMs(await clockText(page));
    // One message: a hop of milliseconds, not a run of the cluster.
    expect(now - before).toBeLessThan(5_000);
    before = now;
    // A stepped message is drawn travelling.
    await expect(page.getByTestId('message-dots')).toHaveAttribute('data-in-flight', /^[1-9]/);
    await page.waitForTimeout(300);
    expect(clockMs(await clockText(page))).toBe(now);
  }
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await screenshot(page, testInfo, 'stepping');
});

test('stopping kube-scheduler leaves new pods Pending; starting it schedules them', async ({
  page,
}, testInfo) => {
  await openApp(page);
  await setSpeed(page, 16);
  await page.getByRole('button', { name: 'kube-scheduler on control-plane' }).click();
  await page.getByRole('button', { name: 'Stop kube-scheduler' }).click();
  await expect(
    page.getByRole('button', { name: 'kube-scheduler on control-plane, stopped' }),
  ).toBeVisible();

  await loadExample(page, /^A Pod/);
  await apply(page);
  const pending = podsWithStatus(page, 'nginx', 'Pending');
  await expect(pending).toHaveCount(1, { timeout: 20_000 });
  await expect(pending).toHaveAttribute('aria-label', /not yet scheduled/);
  await page.getByRole('button', { name: 'Fast-forward 1 minute' }).click();
  await page.waitForTimeout(1000);
  await expect(pending).toHaveCount(1);
  await screenshot(page, testInfo, 'scheduler-stopped');

  await page.getByRole('button', { name: 'kube-scheduler on control-plane, stopped' }).click();
  await page.getByRole('button', { name: 'Start kube-scheduler' }).click();
  await expect(podsWithStatus(page, 'nginx', 'Running')).toHaveCount(1, { timeout: 40_000 });
});

test('the score table explains where a pod went', async ({ page }, testInfo) => {
  await openApp(page);
  await loadExample(page, /A Deployment with a Service/);
  await setSpeed(page, 16);
  await apply(page);
  const running = podsWithStatus(page, 'web-', 'Running');
  await expect(running).toHaveCount(3, { timeout: 45_000 });
  const label = (await running.first().getAttribute('aria-label')) ?? '';
  const node = /on (\S+)$/.exec(label)?.[1] ?? '';
  await running.first().click();
  await page
    .getByRole('region', { name: 'Inspector' })
    .getByRole('button', { name: 'Why this node?' })
    .click();
  const panel = page.getByRole('region', { name: 'Why this node?' });
  const table = panel.getByRole('table');
  await expect(table).toBeVisible();
  for (const plugin of [
    'TaintToleration',
    'NodeAffinity',
    'PodTopologySpread',
    'InterPodAffinity',
    'NodeResourcesFit',
    'NodeResourcesBalancedAllocation',
    'ImageLocality',
  ]) {
    await expect(table.locator(`abbr[title="${plugin}"]`)).toBeAttached();
  }
  const chosen = table.locator('tr.is-chosen');
  await expect(chosen).toHaveCount(1);
  await expect(chosen.getByRole('rowheader')).toContainText(node);
  await expect(table.getByRole('row', { name: /control-plane/ })).toContainText(
    'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
  );
  await screenshot(page, testInfo, 'score-table');
});

test('a Deployment shows its rollout: old and new ReplicaSets', async ({ page }, testInfo) => {
  await openApp(page);
  await loadExample(page, /A Deployment with a Service/);
  await setSpeed(page, 16);
  await apply(page);
  await expect(podsWithStatus(page, 'web-', 'Running')).toHaveCount(3, { timeout: 45_000 });
  // Change the image and apply again: a rolling update.
  // Go to the image's line (Ctrl+G) and change its tag.
  const example = EXAMPLES.find((e) => e.id === 'deployment-service')!;
  const line = example.yaml.split('\n').findIndex((l) => l.includes('image: nginx:1.27')) + 1;
  await page.locator('.monaco-editor').first().click();
  await page.keyboard.press('Control+G');
  await page.keyboard.insertText(String(line));
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText('6');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('nginx:1.26');
  await expect(await apply(page)).toContainText('deployment.apps/web configured');
  await page.getByRole('tab', { name: 'etcd' }).click();
  await page.getByLabel('Filter etcd keys').fill('/deployments/');
  await page.getByRole('button', { name: /^default\/web/ }).click();
  const rollout = page.getByRole('region', { name: 'Rollout of deployment web' });
  await expect(rollout).toBeVisible();
  const rsTable = rollout.getByRole('table', { name: 'ReplicaSets' });
  await expect(rsTable.locator('tr.is-new')).toHaveCount(1, { timeout: 20_000 });
  await expect(rsTable.locator('tr.is-old')).toHaveCount(1, { timeout: 20_000 });
  await expect(rollout).toContainText('maxSurge');
  await screenshot(page, testInfo, 'rollout');
  await expect(rollout).toContainText('Progressing', { timeout: 30_000 });
});
