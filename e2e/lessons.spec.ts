import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

type Box = { x: number; y: number; width: number; height: number };
import {
  apply,
  clockMs,
  clockText,
  openApp,
  replaceEditorText,
  screenshot,
  setSpeed,
  startClean,
} from './helpers';

startClean();

// Typed line by line, as a learner would; flow style needs no indentation (Monaco keeps the
// previous line's indent on Enter, which would double a block mapping's).
const POD = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec: {containers: [{name: nginx, image: "nginx:1.27"}]}
`;

const panel = (page: Page) => page.getByRole('complementary', { name: 'Lessons' });

/** Presses Next (or Skip) and waits for the step counter to move on. */
async function next(page: Page, to: number): Promise<void> {
  await panel(page)
    .getByRole('button', { name: /^(Next|Skip)$/ })
    .click();
  await expect(panel(page)).toContainText(new RegExp(`Step ${to} of \\d+`));
}

/**
 * Types a command line into the terminal and presses Enter, at once: keys typed while an earlier
 * command still prints are kept and act at the next prompt, as in a real terminal.
 */
async function runInTerminal(page: Page, line: string): Promise<void> {
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const input = page.getByLabel('kubectl terminal');
  // The terminal's module loads the first time its tab opens: it takes keys once it exists.
  await expect(input).toBeAttached({ timeout: 20_000 });
  await input.focus();
  await expect(input).toBeFocused();
  await page.keyboard.type(line, { delay: 15 });
  await page.keyboard.press('Enter');
}

test('lesson 1 completed as a learner would; progress survives a reload; restart resets it', async ({
  page,
}, testInfo) => {
  // A whole lesson, two reloads and two rebuilt clusters: longer than the default minute.
  test.setTimeout(180_000);
  await openApp(page);
  await page.getByRole('button', { name: 'Learn' }).click();
  await expect(panel(page)).toContainText('1. The journey of a pod');
  await screenshot(page, testInfo, 'lesson-list');
  await panel(page).getByRole('button', { name: 'Start lesson 1: The journey of a pod' }).click();
  await expect(panel(page)).toContainText('Step 1 of');
  // The step names the control plane's components: they glow on the diagram.
  const apiserver = page.locator('.react-flow__node[data-id="kube-apiserver"]');
  await expect(apiserver).toHaveCSS('outline-style', 'solid');
  await expect(page.locator('.react-flow__node[data-id="kube-proxy@worker-1"]')).not.toHaveCSS(
    'outline-style',
    'solid',
  );
  await next(page, 2);
  await next(page, 3);

  // Predict, then look.
  await panel(page).getByRole('radio', { name: 'kube-scheduler' }).check();
  await panel(page).getByRole('button', { name: 'Answer' }).click();
  await expect(panel(page).getByRole('status')).toContainText('Right.');
  await next(page, 4);

  // The task, done in the editor: its check turns green.
  const checks = panel(page).getByRole('list', { name: 'Checks' });
  await expect(checks.getByRole('listitem')).toHaveText(['○ Pod web (not yet)']);
  await panel(page).getByRole('button', { name: 'Show a hint' }).click();
  await expect(panel(page)).toContainText('Hint 1.');
  await replaceEditorText(page, POD);
  await apply(page);
  await expect(checks.getByRole('listitem')).toHaveText(['✓ Pod web (met)']);
  await expect(checks.locator('.kg-check-met')).toHaveCount(1);
  await screenshot(page, testInfo, 'lesson-task-met');
  await setSpeed(page, 4);
  await next(page, 5);

  // Reload in the middle: the lesson continues where it was, on the same cluster.
  const clockBefore = clockMs(await clockText(page));
  await page.reload();
  await openApp(page);
  await expect(page.getByRole('button', { name: /^Pod web,/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Learn' }).click();
  await expect(panel(page)).toContainText('Step 5 of');
  await panel(page)
    .getByRole('button', { name: /^Continue lesson 1/ })
    .click();
  await expect(panel(page)).toContainText('Step 5 of');
  await expect(panel(page)).toContainText('the cluster is rebuilt as you left it');
  await expect(panel(page)).not.toContainText('This is a new cluster');
  // The Pod created before the reload is back, and the clock went on from where it was.
  await expect(page.getByRole('button', { name: /^Pod web,/ })).toHaveCount(1);
  expect(clockMs(await clockText(page))).toBeGreaterThanOrEqual(clockBefore);
  await expect(page.getByLabel('Speed')).toHaveValue('4');
  await next(page, 6);
  await expect(panel(page).locator('.kg-check-met')).toHaveCount(1, { timeout: 20_000 });
  await next(page, 7);
  await next(page, 8);
  await expect(panel(page).locator('.kg-check-met')).toHaveCount(1, { timeout: 30_000 });
  await next(page, 9);
  await next(page, 10);

  // Tasks done in the terminal.
  await expect(panel(page)).toContainText('kubectl get events');
  await runInTerminal(page, 'kubectl get events');
  await expect(panel(page).locator('.kg-check-met')).toHaveCount(1);
  await next(page, 11);
  await next(page, 12);
  await runInTerminal(page, 'kubectl logs web');
  await expect(panel(page).locator('.kg-check-met')).toHaveCount(1);
  await expect(page.locator('.kg-terminal .xterm-rows')).toContainText('ready for start up');
  await next(page, 13);
  await next(page, 14);
  await panel(page).getByRole('button', { name: 'Finish' }).click();
  await expect(panel(page)).toContainText('Done ✓');

  // Progress survives a reload.
  await page.reload();
  await openApp(page);
  await page.getByRole('button', { name: 'Learn' }).click();
  const item = panel(page).getByRole('listitem').filter({ hasText: '1. The journey of a pod' });
  await expect(item).toContainText('Done ✓');

  // Opened again after the reload, the finished lesson's cluster comes back too.
  await item.getByRole('button', { name: /^Open lesson 1/ }).click();
  await expect(page.getByRole('button', { name: /^Pod web,/ })).toHaveCount(1);
  // Restart resets it: the first step, on a fresh cluster.
  await panel(page).getByRole('button', { name: 'Restart' }).click();
  await expect(panel(page)).toContainText('Step 1 of');
  await expect(page.getByRole('button', { name: /^Pod web,/ })).toHaveCount(0);
  await panel(page).getByRole('button', { name: 'All lessons' }).click();
  await expect(item).toContainText('Step 1 of');
  await expect(item).not.toContainText('Done');
});

test('keys typed while a command prints are kept and act at the next prompt', async ({ page }) => {
  await openApp(page);
  const rows = page.locator('.kg-terminal .xterm-rows');
  await runInTerminal(page, 'kubectl create deployment web --image=nginx:1.27 --replicas=2');
  // `rollout status` prints until both Pods are ready (the image pull alone takes seconds).
  await runInTerminal(page, 'kubectl rollout status deployment/web');
  await runInTerminal(page, 'kubectl get deployment web');
  // Typed ahead: not on the screen while the rollout is still printing…
  await expect(rows).toContainText('Waiting for deployment "web" rollout to finish');
  await expect(rows).not.toContainText('successfully rolled out');
  await expect(rows).not.toContainText('$ kubectl get deployment web');
  // …then typed at the prompt after it, and run.
  await expect(rows).toContainText('deployment "web" successfully rolled out', { timeout: 30_000 });
  await expect(rows).toContainText(/\$ kubectl get deployment web\s*NAME\s+READY\s+UP-TO-DATE/);
  const text = (await rows.textContent()) ?? '';
  expect(text.indexOf('successfully rolled out')).toBeLessThan(
    text.indexOf('$ kubectl get deployment web'),
  );
  await expect(rows).toContainText(/web\s+2\/2\s+2\s+2/);
});

test('lesson text is shown as text, never as HTML', async ({ page }) => {
  await page.route('**/lessons/index.json', (r) =>
    r.fulfill({ contentType: 'application/json', body: '["evil.yaml"]' }),
  );
  await page.route('**/lessons/evil.yaml', (r) =>
    r.fulfill({
      contentType: 'text/yaml',
      body: 'title: <img src=x onerror="window.__pwned=1">\nsummary: <b>bold</b>\nminutes: 5\nsteps:\n  - narrate: <script>window.__pwned=1</script> `<i>code</i>`\n',
    }),
  );
  await openApp(page);
  await page.getByRole('button', { name: 'Learn' }).click();
  await expect(panel(page)).toContainText('<b>bold</b>');
  await panel(page)
    .getByRole('button', { name: /^Start lesson 1/ })
    .click();
  await expect(panel(page)).toContainText('<script>window.__pwned=1</script>');
  await expect(panel(page).locator('code')).toHaveText('<i>code</i>');
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(panel(page).locator('img, b, script, i')).toHaveCount(0);
});

for (const [name, viewport, scale] of [
  ['1280x720', { width: 1280, height: 720 }, 1],
  ['853x480', { width: 853, height: 480 }, 1.5],
] as const) {
  test.describe(`at ${name}`, () => {
    test.use({ viewport, deviceScaleFactor: scale });
    test(`the lesson panel fits (${name})`, async ({ page }, testInfo) => {
      await openApp(page);
      await page.getByRole('button', { name: 'Learn' }).click();
      await expect(panel(page)).toContainText('12. Jobs and batch work');
      await screenshot(page, testInfo, `lesson-list-${name}`);
      await panel(page)
        .getByRole('button', { name: /^Start lesson 2/ })
        .click();
      await expect(panel(page)).toContainText('Step 1 of');
      await screenshot(page, testInfo, `lesson-step-${name}`);
      const box = await panel(page).boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(viewport.height);
      await expect(panel(page).getByRole('button', { name: 'Next' })).toBeInViewport();
      // What the step names glows on the diagram, and the panel covers none of it, nor the
      // inspector (in the small window it takes the editor's column instead).
      const overlaps = (a: Box, b: Box) =>
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      const glowing = page.locator('.react-flow__node[data-id="kube-apiserver"]');
      await expect(glowing).toHaveCSS('outline-style', 'solid');
      const b = await glowing.boundingBox();
      expect(b && box && overlaps(box, b)).toBe(false);
      // The inspector's fault buttons, which lessons ask for, are not under the panel (in these
      // windows the inspector is a drawer that a click on a component opens).
      await page.getByRole('button', { name: 'kube-scheduler on control-plane' }).click();
      for (const other of [
        page.getByRole('tab', { name: 'Inspector' }),
        page.getByRole('button', { name: 'Stop kube-scheduler' }),
      ]) {
        const b = await other.boundingBox();
        expect(b && box && overlaps(box, b)).toBe(false);
      }
      await page.getByRole('button', { name: 'Stop kube-scheduler' }).click({ trial: true });
      await screenshot(page, testInfo, `lesson-inspector-${name}`);
      // The editor the panel covers in the small window comes back when it is minimised.
      await panel(page).getByRole('button', { name: 'Minimise the lesson panel' }).click();
      await page.getByRole('button', { name: 'Apply', exact: true }).click({ trial: true });
      await expect(panel(page)).toBeInViewport();
    });
  });
}

test('the first-visit tour: five stops, offers lesson 1, never shown again once dismissed', async ({
  page,
}, testInfo) => {
  await openApp(page);
  // startClean dismisses the tour for every spec; this one visits as a newcomer.
  await page.evaluate(() => localStorage.removeItem('kubeglass.tour.v1'));
  await page.reload();
  await openApp(page);
  const tour = page.getByRole('dialog', { name: /^Tour: / });
  await expect(tour).toHaveAccessibleName('Tour: The editor');
  // Not modal: the app stays usable while the tour is open.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  for (const name of ['Apply', 'The cluster', 'Time', 'Learn']) {
    await tour.getByRole('button', { name: 'Next' }).click();
    await expect(tour).toHaveAccessibleName(`Tour: ${name}`);
  }
  await screenshot(page, testInfo, 'tour-learn');
  await tour.getByRole('button', { name: 'Start lesson 1' }).click();
  await expect(tour).toHaveCount(0);
  await expect(panel(page)).toContainText('1. The journey of a pod');
  await expect(panel(page)).toContainText('Step 1 of');

  await page.reload();
  await openApp(page);
  await expect(page.getByRole('button', { name: 'Learn' })).toBeVisible();
  await expect(tour).toHaveCount(0);
});

test('the tour can be skipped at its first stop, for good', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => localStorage.removeItem('kubeglass.tour.v1'));
  await page.reload();
  await openApp(page);
  const tour = page.getByRole('dialog', { name: /^Tour: / });
  await tour.getByRole('button', { name: 'Skip the tour' }).click();
  await expect(tour).toHaveCount(0);
  await page.reload();
  await openApp(page);
  await page.waitForTimeout(500);
  await expect(tour).toHaveCount(0);
});

/** axe's serious and critical violations inside `selector`. */
async function violations(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('axe finds no serious violations in the lesson panel and the tour; keyboard works', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Learn' }).focus();
  await page.keyboard.press('Enter');
  await expect(panel(page)).toContainText('1. The journey of a pod');
  expect(await violations(page, '.kg-lesson-panel')).toEqual([]);
  await panel(page)
    .getByRole('button', { name: /^Start lesson 1:/ })
    .click();
  await next(page, 2);
  await next(page, 3);
  // The prediction, answered from the keyboard.
  await panel(page).getByRole('radio', { name: 'etcd' }).focus();
  await page.keyboard.press('Space');
  await panel(page).getByRole('button', { name: 'Answer' }).focus();
  await page.keyboard.press('Enter');
  await expect(panel(page).getByRole('status')).toContainText('Not quite.');
  expect(await violations(page, '.kg-lesson-panel')).toEqual([]);
  await next(page, 4);
  await panel(page).getByRole('button', { name: 'Show a hint' }).click();
  expect(await violations(page, '.kg-lesson-panel')).toEqual([]);

  await page.evaluate(() => localStorage.removeItem('kubeglass.tour.v1'));
  await page.reload();
  await openApp(page);
  await expect(page.getByRole('dialog', { name: 'Tour: The editor' })).toBeVisible();
  expect(await violations(page, '.kg-tour-card')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: /^Tour/ })).toHaveCount(0);
});
