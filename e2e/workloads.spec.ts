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

startClean();

/** Opens the Terminal dock tab, focuses it, and runs one command line. */
async function kubectl(page: Page, line: string): Promise<void> {
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const input = page.getByLabel('kubectl terminal');
  await expect(input).toBeAttached({ timeout: 20_000 });
  await input.focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test('a crashing container backs off into CrashLoopBackOff; Previous shows the dead one’s logs', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  await openApp(page);
  await setSpeed(page, 16);
  await kubectl(page, 'kubectl run crash --image=busybox:1.36 -- sh -c "echo boom; exit 1"');
  const crashing = podsWithStatus(page, 'crash', 'CrashLoopBackOff');
  // Back-off 10 s, 20 s, 40 s…: a fast-forward gets there without waiting minutes.
  await page.getByRole('button', { name: 'Fast-forward 1 minute' }).click();
  await expect(crashing).toHaveCount(1, { timeout: 60_000 });
  await crashing.click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await inspector
    .getByRole('button', { name: 'Logs of the previous container (kubectl logs --previous)' })
    .click();
  await expect(inspector.getByLabel('Logs of crash')).toContainText('boom');
  await screenshot(page, testInfo, 'crash-loop');
});

test('requests to a Service spread over its pods through kube-proxy', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  await openApp(page);
  await loadExample(page, /A Deployment with a Service/);
  await setSpeed(page, 16);
  await apply(page);
  await expect(podsWithStatus(page, 'web-', 'Running')).toHaveCount(3, { timeout: 45_000 });

  await page.getByRole('tab', { name: 'etcd' }).click();
  await page.getByLabel('Filter etcd keys').fill('/services/specs/default/web');
  await page.getByRole('button', { name: /^default\/web / }).click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await inspector.getByLabel('Number of requests').selectOption('100');
  await inspector.getByRole('button', { name: 'Send requests' }).click();
  const result = inspector.getByRole('status', { name: 'Traffic to web' });
  // kube-proxy's iptables rules pick each endpoint with probability 1/(n−i): about a third each.
  const rows = result.getByRole('row');
  await expect(rows).toHaveCount(4, { timeout: 60_000 });
  let total = 0;
  for (let i = 1; i < 4; i++) {
    const n = Number(await rows.nth(i).getByRole('cell').nth(1).textContent());
    expect(n).toBeGreaterThan(15);
    total += n;
  }
  expect(total).toBe(100);
  await screenshot(page, testInfo, 'traffic-spread');
});
