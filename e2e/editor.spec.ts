import { expect, test } from '@playwright/test';
import { apply, openApp, replaceEditorText, screenshot, startClean } from './helpers';

startClean();

test('invalid YAML shows a marker and applies nothing', async ({ page }, testInfo) => {
  await openApp(page);
  await replaceEditorText(
    page,
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers: [oops\n',
  );
  const results = await apply(page);
  await expect(results.locator('.is-error').first()).toBeVisible();
  await expect(results).not.toContainText('created');
  // The problem is marked in the editor, on the line it is on.
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeAttached({
    timeout: 10_000,
  });
  // Nothing reached the cluster: no pod, and etcd has no key for it.
  await expect(page.getByRole('button', { name: /^Pod broken/ })).toHaveCount(0);
  await page.getByRole('tab', { name: 'etcd' }).click();
  await page.getByLabel('Filter etcd keys').fill('/pods/');
  await expect(page.getByRole('button', { name: /broken/ })).toHaveCount(0);
  await screenshot(page, testInfo, 'invalid-yaml');
});

test('a reload keeps the editor text', async ({ page }, testInfo) => {
  await openApp(page);
  const marker = `# kept across reloads ${Date.now()}`;
  await replaceEditorText(
    page,
    `${marker}\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: kept\n`,
  );
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('kept across reloads');
  await page.reload();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText(marker.slice(2), {
    timeout: 20_000,
  });
  await screenshot(page, testInfo, 'reloaded');
});
