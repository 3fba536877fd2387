import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openApp, podsWithStatus, setSpeed, startClean } from './helpers';
import { measureNames, NAMES, overlapping, seriousViolations } from './presenterHelpers';

// The normal layout (not presenter mode) as a new user first sees it, at the sizes a classroom
// uses: names readable, the header on one row, the diagram at least half the window's height.
startClean();

const SHOTS = process.env.KUBEGLASS_SHOTS ?? 'test-results/layout-shots';

/** Header rows, the diagram's size, sideways scrolling and the header controls' boxes. */
async function measureShell(page: Page) {
  return page.evaluate(() => {
    const controls = [
      ...document.querySelectorAll<HTMLElement>('.kg-header button, .kg-header select, .kg-clock'),
    ]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => {
        const r = el.getBoundingClientRect();
        return [r.x, r.y, r.width, r.height];
      });
    const header = document.querySelector('.kg-header')!.getBoundingClientRect();
    const tallest = Math.max(...controls.map((c) => c[3]));
    const diagram = document.querySelector('.kg-diagram')!.getBoundingClientRect();
    return {
      controls,
      // A row is a control's height and a gap; the header's padding is less than one.
      rows: Math.max(1, Math.round((header.height - 10) / (tallest + 6))),
      diagramH: diagram.height,
      innerWidth: window.innerWidth,
      innerHeight: window.innerHeight,
      scrollWidth: document.documentElement.scrollWidth,
    };
  });
}

/** First visit, three workers, the seed applied and its pods running. */
async function seedRunning(page: Page) {
  await openApp(page);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await setSpeed(page, 16);
  await expect(podsWithStatus(page, 'web-', 'Running')).toHaveCount(3, { timeout: 45_000 });
  await page.waitForTimeout(600);
}

for (const size of [
  {
    name: '1280×720',
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1,
    min: { component: 12, pod: 10, rows: 1, diagramH: 360 },
  },
  {
    name: '853×480 at 150 %',
    viewport: { width: 853, height: 480 },
    deviceScaleFactor: 1.5,
    min: { component: 12, pod: 10, rows: 1, diagramH: 240 },
  },
  // Nothing worse than before (11.7 px, 9.0 px, a 362 px diagram under two header rows).
  {
    name: '1440×900',
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    min: { component: 11.7, pod: 9, rows: 2, diagramH: 362 },
  },
]) {
  test.describe(`the normal layout at ${size.name}`, () => {
    test.use({ viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor });

    test('names are readable, the header keeps to its rows, the diagram keeps its height', async ({
      page,
    }) => {
      await seedRunning(page);
      // Nothing a user needs is gone: the editor, the inspector (a drawer in a narrow window),
      // the dock's tabs (a strip in a short one).
      await expect(page.getByRole('region', { name: 'Manifest' })).toBeVisible();
      await expect(
        page
          .getByRole('button', { name: 'Inspector drawer' })
          .or(page.getByRole('tab', { name: 'Inspector' })),
      ).toBeVisible();
      await expect(
        page
          .getByRole('button', { name: 'Terminal' })
          .or(page.getByRole('tab', { name: 'Terminal' })),
      ).toBeVisible();

      const names = await measureNames(page);
      const pods = names.filter((m) => m.pod);
      const components = names.filter((m) => NAMES.includes(m.text));
      for (const n of NAMES)
        expect(
          names.some((m) => m.text === n),
          n,
        ).toBe(true);
      expect(pods).toHaveLength(3);
      for (const m of names) {
        const min = NAMES.includes(m.text) ? size.min.component : size.min.pod;
        expect(m.devicePx, `${m.text} in device px`).toBeGreaterThanOrEqual(min);
        expect(m.clipped, `${m.text} cut off`).toBe(false);
      }
      const shell = await measureShell(page);
      expect(shell.scrollWidth).toBeLessThanOrEqual(shell.innerWidth);
      expect(shell.rows, 'header rows').toBeLessThanOrEqual(size.min.rows);
      expect(shell.diagramH).toBeGreaterThanOrEqual(size.min.diagramH);
      // At the classroom sizes, at least half the window's height.
      if (size.viewport.width < 1400)
        expect(shell.diagramH).toBeGreaterThanOrEqual(shell.innerHeight / 2 - 1);
      expect(overlapping(shell.controls)).toEqual([]);
      for (const [x, , w] of shell.controls) expect(x + w).toBeLessThanOrEqual(shell.innerWidth);
      console.log(
        `normal layout ${size.name}: component names ${Math.min(...components.map((m) => m.devicePx)).toFixed(1)} px, ` +
          `pod names ${Math.min(...pods.map((m) => m.devicePx)).toFixed(1)} px (device), header ${shell.rows} row(s), ` +
          `diagram ${shell.diagramH.toFixed(0)} of ${shell.innerHeight} px high, scrollWidth ${shell.scrollWidth}/${shell.innerWidth}`,
      );
      await page.screenshot({ path: `${SHOTS}/normal-${size.viewport.width}.png` });
    });
  });
}

for (const size of [
  { name: '1280×720', viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 },
  { name: '853×480 at 150 %', viewport: { width: 853, height: 480 }, deviceScaleFactor: 1.5 },
]) {
  test.describe(`a narrow window, ${size.name}`, () => {
    test.use({ viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor });

    test('the inspector is a drawer: a click opens it, Esc closes it, focus comes back', async ({
      page,
    }) => {
      await openApp(page);
      const inspector = page.getByRole('region', { name: 'Inspector' });
      const rail = page.getByRole('button', { name: 'Inspector drawer' });
      await expect(inspector).toBeHidden();
      await expect(rail).toHaveAttribute('aria-expanded', 'false');
      // Selecting a component opens it over the diagram, without taking focus from the diagram.
      const scheduler = page.getByRole('button', { name: 'kube-scheduler on control-plane' });
      await scheduler.click();
      await expect(inspector).toBeVisible();
      await expect(inspector).toContainText('kube-scheduler');
      await expect(rail).toHaveAttribute('aria-expanded', 'true');
      await page.screenshot({ path: `${SHOTS}/drawer-${size.viewport.width}.png` });
      await page.keyboard.press('Escape');
      await expect(inspector).toBeHidden();
      // From the keyboard: the rail's button opens it and moves focus to its tab; Esc closes it
      // and gives focus back to the button.
      await rail.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('tab', { name: 'Inspector' })).toBeFocused();
      await page.keyboard.press('ArrowRight');
      await page.getByRole('tab', { name: 'etcd' }).click();
      await expect(page.getByRole('tab', { name: 'etcd' })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('tab', { name: 'etcd' })).toBeHidden();
      await expect(rail).toBeFocused();
      // The close button says what it does.
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Close the inspector' }).click();
      await expect(rail).toHaveAttribute('aria-expanded', 'false');
      const [scrollWidth, innerWidth] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ]);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    });

    test('View › Inspector opens and closes the drawer, and shows whether it is open', async ({
      page,
    }) => {
      await openApp(page);
      const inspector = page.getByRole('region', { name: 'Inspector' });
      const view = page.getByRole('button', { name: 'View options' });
      const box = page.getByRole('checkbox', { name: 'Inspector' });
      await view.click();
      await expect(box).not.toBeChecked();
      await box.check();
      await expect(inspector).toBeVisible();
      await expect(page.getByRole('button', { name: 'Inspector drawer' })).toHaveAttribute(
        'aria-expanded',
        'true',
      );
      await expect(box).toBeChecked();
      await box.uncheck();
      await expect(inspector).toBeHidden();
    });

    test('the dock starts as a strip of its tabs and opens on the one asked for', async ({
      page,
    }) => {
      await openApp(page);
      const diagram = page.getByLabel('Cluster diagram');
      const collapsedH = (await diagram.boundingBox())!.height;
      await expect(page.getByRole('tab', { name: 'Events' })).toBeHidden();
      await page.getByRole('button', { name: 'Terminal' }).click();
      await expect(page.getByRole('tab', { name: 'Terminal' })).toBeFocused();
      await expect(page.getByRole('tab', { name: 'Terminal' })).toHaveAttribute(
        'aria-selected',
        'true',
      );
      expect((await diagram.boundingBox())!.height).toBeLessThan(collapsedH);
      // The user's choice is remembered over the default for short windows.
      await page.reload();
      await expect(page.getByRole('tab', { name: 'Terminal' })).toBeVisible();
      await page.getByRole('button', { name: 'Hide the dock' }).click();
      await expect(page.getByRole('button', { name: 'Events' })).toBeVisible();
      expect((await diagram.boundingBox())!.height).toBeCloseTo(collapsedH, 0);
    });

    test('axe finds no serious or critical violations, drawer open, light and dark', async ({
      page,
    }) => {
      await openApp(page);
      await page.getByRole('button', { name: 'kube-apiserver on control-plane' }).click();
      await expect(page.getByRole('region', { name: 'Inspector' })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.evaluate(() => {
        document.documentElement.dataset.theme = 'dark';
      });
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

test.describe('the header in a narrow window (853×480 at 150 %)', () => {
  test.use({ viewport: { width: 853, height: 480 }, deviceScaleFactor: 1.5 });

  test('secondary controls are in a menu that works by keyboard', async ({ page }) => {
    await openApp(page);
    // Hidden from the header (and so from the accessibility tree), they are in the menu.
    await expect(page.getByRole('button', { name: 'Fast-forward 1 minute' })).toBeHidden();
    const more = page.getByRole('button', { name: 'More controls' });
    await more.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'More controls' });
    await expect(menu.getByRole('menuitem', { name: 'Fast-forward 1 minute' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: 'Fast-forward 5 minutes' })).toBeFocused();
    await page.keyboard.press('End');
    await expect(
      menu.getByRole('menuitem', { name: 'About and keyboard shortcuts' }),
    ).toBeFocused();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/overflow-853.png` });
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(more).toBeFocused();
    // An item does what its header button did: the theme switches.
    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    await more.click();
    await menu.getByRole('menuitem', { name: /^Switch to/ }).click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .not.toBe(before);
    await expect(more).toBeFocused();
  });
});
