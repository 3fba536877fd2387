import { expect, test } from '@playwright/test';
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

test('a stopped kubelet, at fast-forward: NotReady, tainted, evicted, replaced elsewhere', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await openApp(page);
  await loadExample(page, /A Deployment with a Service/);
  await setSpeed(page, 16);
  await apply(page);
  const running = podsWithStatus(page, 'web-', 'Running');
  await expect(running).toHaveCount(3, { timeout: 45_000 });
  const label = (await running.first().getAttribute('aria-label')) ?? '';
  const node = /on (\S+)$/.exec(label)?.[1] ?? '';
  expect(node).toMatch(/^worker-/);

  await page.getByRole('button', { name: `kubelet on ${node}` }).click();
  await page.getByRole('button', { name: `Stop kubelet on ${node}` }).click();
  await expect(page.getByRole('button', { name: `kubelet on ${node}, stopped` })).toBeVisible();

  // +5 min is a time-lapse, not a jump: the clock runs through it while messages are drawn.
  const before = clockMs(await clockText(page));
  await page.getByRole('button', { name: 'Fast-forward 5 minutes' }).click();
  const ff = page.getByRole('group', { name: /^Fast-forwarding to / });
  await expect(ff).toBeVisible();

  // The node lifecycle controller marks the node NotReady and taints it, drawn on the worker.
  const header = page.getByRole('button', {
    name: new RegExp(
      `^Node ${node}, NotReady, tainted node\\.kubernetes\\.io/unreachable:NoSchedule and ` +
        `node\\.kubernetes\\.io/unreachable:NoExecute`,
    ),
  });
  await expect(header).toBeVisible({ timeout: 30_000 });
  await expect(header.getByText('unreachable:NoExecute')).toBeVisible();
  expect(clockMs(await clockText(page)) - before).toBeLessThan(300_000);
  await screenshot(page, testInfo, 'node-not-ready');

  // After the pods' 300 s toleration, the pod is evicted and replaced on another node.
  await page.getByRole('button', { name: 'Fast-forward 5 minutes' }).click();
  const evicted = page.getByRole('button', {
    name: new RegExp(`^Pod web-\\S*, Terminating, on ${node}$`),
  });
  await expect(evicted).toHaveCount(1, { timeout: 90_000 });
  await expect(running).toHaveCount(3, { timeout: 30_000 });
  for (const l of await running.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
    expect(l).not.toContain(`on ${node}`);
  await screenshot(page, testInfo, 'pod-replaced');

  // A fast-forward can be finished at once.
  const last = clockMs(await clockText(page));
  await page.getByRole('button', { name: 'Fast-forward 5 minutes' }).click();
  await ff.getByRole('button', { name: 'Skip' }).click();
  await expect(ff).toBeHidden();
  expect(clockMs(await clockText(page)) - last).toBeGreaterThanOrEqual(300_000);
});
