/**
 * The page drawing a cluster it does not simulate:
 * - live mode, with `sim serve` standing in for a real cluster (its API has the real shape):
 *   through real `kubectl proxy --www=dist --www-prefix=/kubeglass/` where a kubectl binary is
 *   installed, exactly as the README's kind steps; elsewhere sim serve serves the page itself and
 *   the page is opened with `?live`;
 * - attached to sim serve: the messages drawn are the engine's own, including a request an
 *   outside client (the official JavaScript client) sends.
 * Needs the production build (`dist`), as every spec.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import {
  coreApi,
  findKubectl,
  podNamed,
  startKubectlProxy,
  startSimServe,
  type Running,
} from './liveHelpers';

const SHOTS = '/tmp/live-shots';

test.use({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 720 } });

// The first-visit tour is dismissed: these specs test the modes, the tour has its own spec.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('kubeglass.tour.v1', 'done'));
});

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

async function openStory(page: Page) {
  await page.getByRole('button', { name: 'Story', exact: true }).click();
  return page.getByRole('region', { name: 'Story' });
}

test.describe('live mode on a real cluster', () => {
  let server: Running;
  let proxy: Running | undefined;

  test.beforeAll(async () => {
    server = await startSimServe();
    const kubectl = findKubectl();
    if (kubectl) proxy = await startKubectlProxy(kubectl, server.kubeconfig);
    else
      console.log(
        'live spec: no real kubectl v1.31 (set KUBEGLASS_REAL_KUBECTL): sim serve serves the page itself, opened with ?live',
      );
  });
  test.afterAll(() => {
    proxy?.stop();
    server?.stop();
  });

  test('nodes and pods are drawn; a pod a client creates appears, bound and started, with inferred messages', async ({
    page,
  }) => {
    if (proxy) {
      // The README's way: the page is offered live mode beside the API, and asked.
      await page.goto(`${proxy.url}/kubeglass/`);
      await page.getByRole('button', { name: 'Show this cluster live' }).click();
    } else await page.goto(`${server.url}/kubeglass/?live`);

    await expect(
      page.getByRole('status').filter({ hasText: 'Live: inferred from watch events' }),
    ).toBeVisible();
    // The cluster's nodes, from its Node objects, with their kubelets.
    for (const node of ['worker-1', 'worker-2', 'worker-3'])
      await expect(page.getByLabel(new RegExp(`^Node ${node}, Ready, `))).toBeVisible();
    await expect(page.getByRole('button', { name: /^kube-scheduler/ })).toBeVisible();

    // A program creates a pod through the API, not through the page.
    await coreApi(server.kubeconfig).createNamespacedPod({
      namespace: 'default',
      body: podNamed('from-client'),
    });
    await expect(page.getByRole('button', { name: /^Pod from-client, Running, / })).toBeVisible({
      timeout: 30_000,
    });
    const story = await openStory(page);
    // Each step a watch revealed, told as inferred, never as a captured message.
    await expect(story).toContainText(
      /Inferred from a watch event: kubectl \(you\) → API server: create a Pod/,
    );
    await expect(story).toContainText(
      /Inferred from a watch event: kube-scheduler → API server: bind pod from-client to worker-\d/,
    );
    await expect(story).toContainText(
      /Inferred from a watch event: kubelet on worker-\d → API server: report a Pod’s status/,
    );
    await page.getByRole('button', { name: 'Close the Story' }).click();
    await shot(page, 'live-pod-created');

    // Apply from the editor asks first, naming the server; declining sends nothing.
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => asked).toContain('REAL cluster');
    expect(asked).toContain(proxy ? new URL(proxy.url).host : new URL(server.url).host);
  });
});

test.describe('attached to sim serve', () => {
  let server: Running;
  test.beforeAll(async () => {
    server = await startSimServe(1);
  });
  test.afterAll(() => server?.stop());

  test('draws the served cluster and the real messages of an outside client', async ({ page }) => {
    await page.goto(`${server.url}/kubeglass/`);
    await expect(
      page.getByRole('status').filter({ hasText: 'Attached to sim serve' }),
    ).toBeVisible();
    await expect(page.getByLabel(/^Node worker-1, Ready, /)).toBeVisible();
    const story = await openStory(page);

    await coreApi(server.kubeconfig).createNamespacedPod({
      namespace: 'default',
      body: podNamed('outside'),
    });
    // The engine's trace of that request: kubectl (you) sends POST pods, captured, not inferred.
    await expect(story).toContainText(/kubectl \(you\) → API server: create a Pod/);
    await expect(story).not.toContainText('Inferred');
    await expect(page.getByRole('button', { name: /^Pod outside, / })).toBeVisible();
    await page.getByRole('button', { name: 'Close the Story' }).click();
    await shot(page, 'attached-outside-request');
  });
});
