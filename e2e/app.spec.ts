import { expect, test } from '@playwright/test';
import type { Page, TestInfo } from '@playwright/test';

const CONTROL_PLANE = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
];
const ON_EVERY_WORKER = ['kubelet', 'kube-proxy', 'container runtime'];

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
}

/** The worker names drawn on the diagram, from their headers' accessible names. */
async function workerNames(page: Page): Promise<string[]> {
  const labels = await page
    .locator('[aria-label^="Node worker"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.map((l) => /^Node (\S+?),/.exec(l)?.[1] ?? '').filter(Boolean);
}

test.beforeEach(async ({ page }) => {
  // Every test starts from the default manifest, not from what an earlier test left behind.
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('kubeglass.e2e')) {
      localStorage.clear();
      sessionStorage.setItem('kubeglass.e2e', '1');
    }
  });
});

test('the page shows every component of the cluster by name', async ({ page }, testInfo) => {
  await page.goto('/');
  for (const name of CONTROL_PLANE) {
    await expect(page.getByRole('button', { name: `${name} on control-plane` })).toBeVisible();
  }
  await expect(page.getByRole('button', { name: /^kubectl \/ you/ })).toBeVisible();
  await expect(page.getByRole('group', { name: /^Node control-plane, tainted/ })).toBeVisible();

  await expect(page.locator('[aria-label^="Node worker"]').first()).toBeVisible();
  const workers = await workerNames(page);
  expect(workers.length).toBeGreaterThan(0);
  for (const worker of workers) {
    for (const name of ON_EVERY_WORKER) {
      await expect(
        page.getByRole('button', { name: `${name} on ${worker}`, exact: true }),
      ).toBeAttached();
    }
  }
  await screenshot(page, testInfo, 'cluster');
});

test('applying the example Deployment runs its pods, with Scheduled, Pulled and Started events', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'kube-apiserver on control-plane' })).toBeVisible();
  await page.getByRole('button', { name: /^Examples/ }).click();
  await page.getByRole('menuitem', { name: /A Deployment with a Service/ }).click();
  await page.getByLabel('Speed').selectOption('4');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();

  await expect(page.getByRole('status', { name: 'Apply results' })).toContainText(
    'deployment.apps/web created',
  );
  // Messages travel while the cluster works.
  await expect(page.locator('.kg-dot').first()).toBeAttached({ timeout: 10_000 });
  await screenshot(page, testInfo, 'messages');

  const running = page.getByRole('button', { name: /^Pod web-\S+, Running, on worker-/ });
  await expect(running).toHaveCount(3, { timeout: 45_000 });
  const events = page.getByRole('region', { name: 'Events' });
  for (const reason of ['Scheduled', 'Pulled', 'Started']) {
    await expect(events.getByRole('cell', { name: reason, exact: true }).first()).toBeVisible();
  }
  await screenshot(page, testInfo, 'running');
});
