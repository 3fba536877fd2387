import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { apply, loadExample, openApp, podsWithStatus, setSpeed, startClean } from './helpers';

startClean();

/** axe's serious and critical violations, as `rule: target…` lines (empty when clean). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    // Monaco's own DOM (an editor widget with its own accessibility model) is not ours to fix.
    .exclude('.monaco-editor')
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(' | ')}`,
    );
}

test('axe finds no serious or critical violations', async ({ page }) => {
  await openApp(page);
  expect(await seriousViolations(page)).toEqual([]);

  await loadExample(page, /^A Pod/);
  await setSpeed(page, 16);
  await apply(page);
  const pod = podsWithStatus(page, 'nginx', 'Running');
  await expect(pod).toHaveCount(1, { timeout: 40_000 });
  await pod.click();
  await page.getByRole('tab', { name: 'Why this node?' }).click();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'kube-scheduler on control-plane' }).click();
  await page.getByRole('button', { name: /^About kubeglass/ }).click();
  await expect(page.getByRole('dialog', { name: 'About kubeglass' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');

  // A fast-forward's bar, with a worker drawn tainted.
  await page.getByRole('button', { name: 'kubelet on worker-1' }).click();
  await page.getByRole('button', { name: 'Stop kubelet on worker-1' }).click();
  await page.getByRole('button', { name: 'Fast-forward 5 minutes' }).click();
  await expect(
    page.getByRole('button', { name: /^Node worker-1, NotReady, tainted / }),
  ).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('group', { name: /^Fast-forwarding to / })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the app works from the keyboard', async ({ page }) => {
  await openApp(page);
  // Tab reaches a diagram box; Enter selects it; the inspector shows it.
  const scheduler = page.getByRole('button', { name: 'kube-scheduler on control-plane' });
  await scheduler.focus();
  await expect(scheduler).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Inspector' })).toContainText('kube-scheduler');
  // Tabs switch with the arrow keys.
  await page.getByRole('tab', { name: 'Events' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Why this node?' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  // `?` opens About, Escape closes it.
  await page.locator('body').click({ position: { x: 5, y: 880 } });
  await page.keyboard.press('?');
  const about = page.getByRole('dialog', { name: 'About kubeglass' });
  await expect(about).toBeVisible();
  await expect(about).toContainText('Simulates Kubernetes v1.31 (v1.31.4)');
  await page.keyboard.press('Escape');
  await expect(about).toBeHidden();
  // Space pauses and plays when focus is not on a control.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  // Wait until the worker has confirmed the pause, then play again from the keyboard.
  await expect(page.getByRole('toolbar', { name: 'Playback' })).toBeVisible();
  await page.waitForTimeout(300);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
});
