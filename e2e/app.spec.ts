import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import {
  apply,
  loadExample,
  openApp,
  podsWithStatus,
  screenshot,
  setSpeed,
  startClean,
} from './helpers';

const CONTROL_PLANE = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
];
const ON_EVERY_WORKER = ['kubelet', 'kube-proxy', 'container runtime'];

/** The worker names drawn on the diagram, from their headers' accessible names. */
async function workerNames(page: Page): Promise<string[]> {
  const labels = await page
    .locator('[aria-label^="Node worker"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.map((l) => /^Node (\S+?),/.exec(l)?.[1] ?? '').filter(Boolean);
}

startClean();

test('the page shows every component of the cluster by name', async ({ page }, testInfo) => {
  await openApp(page);
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
  await openApp(page);
  await loadExample(page, /A Deployment with a Service/);
  await setSpeed(page, 16);
  const results = await apply(page);
  await expect(results).toContainText('deployment.apps/web created');

  const running = podsWithStatus(page, 'web-', 'Running');
  await expect(running).toHaveCount(3, { timeout: 45_000 });
  for (const pod of await running.all()) {
    await expect(pod).toHaveAttribute('aria-label', /on worker-\d+$/);
  }
  const events = page.getByRole('region', { name: 'Events' });
  for (const reason of ['Scheduled', 'Pulled', 'Started']) {
    await expect(events.getByRole('cell', { name: reason, exact: true }).first()).toBeVisible();
  }
  await screenshot(page, testInfo, 'running');
});

test('message dots travel along the edges while the cluster works', async ({ page }, testInfo) => {
  await openApp(page);
  await loadExample(page, /^A Pod/);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  // Dots are drawn on one canvas over the diagram; it says how many are moving and their labels.
  const dots = page.getByTestId('message-dots');
  await expect(dots).toHaveAttribute('data-in-flight', /^[1-9]/, { timeout: 10_000 });
  await expect(dots).toHaveAttribute('data-labels', /\S/);
  // A dot is animated along its route: the picture changes from one moment to the next.
  const pictures = await dots.evaluate(async (el) => {
    const canvas = el as HTMLCanvasElement;
    const first = canvas.toDataURL();
    await new Promise((r) => setTimeout(r, 150));
    return [first, canvas.toDataURL()];
  });
  expect(pictures[0]).not.toBe(pictures[1]);
  await screenshot(page, testInfo, 'messages');
});
