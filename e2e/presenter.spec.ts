import { expect, test } from '@playwright/test';
import { apply, openApp, podsWithStatus, screenshot, setSpeed, startClean } from './helpers';

import {
  labelBoxes,
  measureNames,
  NAMES,
  overlapping,
  seriousViolations,
  transform,
} from './presenterHelpers';

startClean();

for (const size of [
  { name: '1280×720', viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 },
  { name: '853×480 at 150 %', viewport: { width: 853, height: 480 }, deviceScaleFactor: 1.5 },
  // A 1280×720 projector at 125 % and 200 % browser zoom.
  { name: '1024×576 at 125 %', viewport: { width: 1024, height: 576 }, deviceScaleFactor: 1.25 },
  { name: '640×360 at 200 %', viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 },
]) {
  test.describe(`presenter mode at ${size.name}`, () => {
    test.use({ viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor });

    test('every name is large, nothing is cut off, labels never overlap, no sideways scrolling', async ({
      page,
    }, testInfo) => {
      await openApp(page);
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      await page.keyboard.press('p');
      await expect(page.getByRole('button', { name: 'Presenter' })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      // The editor, dock and inspector are hidden; the diagram has the window.
      await expect(page.getByRole('region', { name: 'Manifest' })).toBeHidden();
      await expect(page.getByRole('tab', { name: 'Events' })).toBeHidden();
      await expect(page.getByRole('region', { name: 'Inspector' })).toBeHidden();
      // The Deployment's traffic at 1×: the labels beside the dots never cover each other.
      let most = 0;
      for (let i = 0; i < 20; i++) {
        const boxes = await labelBoxes(page);
        most = Math.max(most, boxes.length);
        expect(overlapping(boxes)).toEqual([]);
        await page.waitForTimeout(100);
      }
      expect(most).toBeGreaterThan(0);
      await setSpeed(page, 16);
      await expect(podsWithStatus(page, 'web-', 'Running')).toHaveCount(3, { timeout: 45_000 });
      await page.waitForTimeout(600);

      const names = await measureNames(page);
      for (const n of NAMES)
        expect(
          names.some((m) => m.text === n),
          n,
        ).toBe(true);
      const pods = names.filter((m) => m.pod);
      const components = names.filter((m) => NAMES.includes(m.text));
      expect(pods).toHaveLength(3);
      for (const m of names) {
        // Component names 18 px at least; pod names, and the kubectl client outside the
        // cluster, 14 px.
        const min = NAMES.includes(m.text) ? 18 : 14;
        expect(m.devicePx, `${m.text} in device px`).toBeGreaterThanOrEqual(min);
        expect(m.clipped, `${m.text} cut off`).toBe(false);
      }
      const [scrollWidth, innerWidth] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ]);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      // The toolbar's controls never cover one another (the clock included) and stay in the window.
      const controls = await page.evaluate(() =>
        [
          ...document.querySelectorAll<HTMLElement>(
            '.kg-header button, .kg-header select, .kg-clock',
          ),
        ]
          .filter((el) => el.getClientRects().length > 0)
          .map((el) => {
            const r = el.getBoundingClientRect();
            return [r.x, r.y, r.width, r.height];
          }),
      );
      expect(overlapping(controls)).toEqual([]);
      for (const [x, , w] of controls) expect(x + w).toBeLessThanOrEqual(innerWidth);
      console.log(
        `${size.name}: component names ${Math.min(...components.map((m) => m.devicePx)).toFixed(1)} px, ` +
          `pod names ${Math.min(...pods.map((m) => m.devicePx)).toFixed(1)} px (device)`,
      );

      await screenshot(page, testInfo, `presenter-${size.viewport.width}`);
    });
  });
}

test.describe('presenter mode', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('Esc leaves it; each panel can be brought back on its own', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Presenter' }).click();
    await expect(page.getByRole('region', { name: 'Manifest' })).toBeHidden();
    await page.getByRole('button', { name: 'View options' }).click();
    await page.getByRole('checkbox', { name: 'Inspector' }).check();
    await expect(page.getByRole('region', { name: 'Inspector' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Manifest' })).toBeHidden();
    await page.keyboard.press('Escape'); // closes the menu
    await page.keyboard.press('Escape'); // leaves presenter mode
    await expect(page.getByRole('button', { name: 'Presenter' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    await expect(page.getByRole('region', { name: 'Manifest' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Fullscreen' })).toBeVisible();
  });

  test('axe finds no serious or critical violations, light and dark', async ({ page }) => {
    await openApp(page);
    await setSpeed(page, 16);
    await apply(page);
    await page.keyboard.press('p');
    await expect(podsWithStatus(page, 'web-', 'Running')).toHaveCount(3, { timeout: 45_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.waitForTimeout(300);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test.describe('a view that stays put', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('new pods do not move the view; a zoom survives them; the Terminal keeps the diagram’s height', async ({
    page,
  }, testInfo) => {
    await openApp(page);
    // A 720 px window starts with the dock collapsed to its tabs: open it on Events.
    await page.getByRole('button', { name: 'Events', exact: true }).click();
    await page.waitForTimeout(500);
    const diagram = page.getByLabel('Cluster diagram');
    const height = (await diagram.boundingBox())!.height;
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.waitForTimeout(400);
    const zoomed = await transform(page);
    await setSpeed(page, 16);
    await apply(page);
    // Pods outside the view are not drawn at all: count them in Events (one Started each; the
    // system pods started before the Apply have theirs too).
    await expect(
      page
        .getByRole('region', { name: 'Events' })
        .getByRole('row')
        .filter({ hasText: 'Started' })
        .filter({ hasText: 'pod/web-' }),
    ).toHaveCount(3, { timeout: 45_000 });
    expect(await transform(page)).toBe(zoomed);

    await page.getByRole('tab', { name: 'Terminal' }).click();
    await page.waitForTimeout(400);
    expect((await diagram.boundingBox())!.height).toBe(height);
    await page.getByRole('tab', { name: 'Why this node?' }).click();
    expect((await diagram.boundingBox())!.height).toBe(height);
    expect(await transform(page)).toBe(zoomed);

    // Fit is the learner's to ask for.
    await page.getByRole('button', { name: 'Fit to view' }).click();
    await page.waitForTimeout(500);
    expect(await transform(page)).not.toBe(zoomed);
    await screenshot(page, testInfo, 'view-stays-put');
  });
});

test.describe('captions', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('in step mode each step shows a caption naming sender and receiver', async ({
    page,
  }, testInfo) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.keyboard.press('p');
    const caption = page.getByRole('status', { name: 'What just happened' });
    const step = page.getByRole('button', { name: 'Step' });
    const participants =
      /^(kubectl \(you\)|API server|etcd|kube-scheduler|kube-controller-manager|cloud-controller-manager|(kubelet|kube-proxy|container runtime) on \S+)/;
    let last = '';
    for (let i = 0; i < 8; i++) {
      await step.click();
      await expect(caption).not.toHaveText(last);
      // A step's messages may reach the page over more than one frame: read the caption once
      // they have, then check that it stays until the next step.
      await page.waitForTimeout(500);
      last = (await caption.textContent()) ?? '';
      const m = /^(.+?) → (.+?): (.+)$/.exec(last);
      expect(m, last).not.toBeNull();
      expect(m![1]).toMatch(participants);
      expect(m![2]).toMatch(participants);
      // It stays until the next step.
      await page.waitForTimeout(700);
      await expect(caption).toHaveText(last);
    }
    // The first message of an Apply is the manifest going to the API server, in plain words.
    await page.getByRole('button', { name: 'Story' }).click();
    const story = page.getByRole('region', { name: 'Story' });
    await expect(story).toContainText(
      'kubectl (you) → API server: create a Deployment: here is what you wrote, please store it',
    );
    await screenshot(page, testInfo, 'step-captions');
  });

  test('technical labels explain their terms', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'View options' }).click();
    await page.getByRole('checkbox', { name: 'Technical labels' }).check();
    await page.keyboard.press('Escape');
    await apply(page);
    const term = page.locator('.kg-term').first();
    await expect(term).toBeVisible({ timeout: 15_000 });
    await expect(term).toHaveAttribute('data-tip', /\S/);
  });
});

test.describe('what is invisible, shown', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('the image pull shows a progress bar on the runtime and the pod', async ({
    page,
  }, testInfo) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.keyboard.press('p');
    const bars = page.getByRole('progressbar', { name: 'Pulling nginx:1.27' });
    // Three runtimes pull, and each pull shows on its pod too.
    await expect(bars).toHaveCount(6, { timeout: 20_000 });
    // It moves with virtual time (which waits while messages are drawn, so give it a while).
    const bar = bars.first();
    const first = Number(await bar.getAttribute('aria-valuenow'));
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 15_000 })
      .toBeGreaterThan(first);
    await expect(bar).toHaveAttribute('aria-valuetext', /\d+ MB of \d+ MB, \d+ s left/);
    await screenshot(page, testInfo, 'image-pull');
    await expect(bars).toHaveCount(0, { timeout: 30_000 });
  });
});
