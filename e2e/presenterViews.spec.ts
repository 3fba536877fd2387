/** The normal layout's panels, the Objects overlay, honest pacing and controllers at work. */
import { expect, test } from '@playwright/test';
import {
  apply,
  clockMs,
  clockText,
  openApp,
  podsWithStatus,
  screenshot,
  setSpeed,
  startClean,
} from './helpers';
import { measureNames, NAMES, seriousViolations } from './presenterHelpers';

startClean();

// The column layout: below 1400 px the inspector is a drawer and below 800 px the dock starts
// collapsed (normalLayout.spec.ts measures those windows).
test.describe('the normal layout in a wide window (1440×900)', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('each panel collapses and resizes from the keyboard, and the sizes survive a reload', async ({
    page,
  }, testInfo) => {
    await openApp(page);
    const dock = page.getByRole('separator', { name: 'Resize the dock' });
    const editor = page.getByRole('separator', { name: 'Resize the editor' });
    const inspector = page.getByRole('separator', { name: 'Resize the inspector' });
    const diagram = page.getByLabel('Cluster diagram');
    const before = Number(await dock.getAttribute('aria-valuenow'));
    const height = (await diagram.boundingBox())!.height;
    // Arrow up grows the dock (and so shrinks the diagram by as much).
    await dock.focus();
    await page.keyboard.press('ArrowUp');
    await expect(dock).toHaveAttribute('aria-valuenow', String(before + 20));
    expect((await diagram.boundingBox())!.height).toBeCloseTo(height - 20, 0);
    // Enter collapses it: its tabs go, the diagram takes the room; Enter brings it back as it was.
    await page.keyboard.press('Enter');
    await expect(dock).toHaveAttribute('aria-valuenow', '0');
    await expect(page.getByRole('tab', { name: 'Events' })).toBeHidden();
    expect((await diagram.boundingBox())!.height).toBeGreaterThan(height + 100);
    await page.keyboard.press('Enter');
    await expect(dock).toHaveAttribute('aria-valuenow', String(before + 20));
    await expect(page.getByRole('tab', { name: 'Events' })).toBeVisible();

    // The side panels: a drag and a button.
    const editorW = Number(await editor.getAttribute('aria-valuenow'));
    const box = (await editor.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + 20, { steps: 4 });
    await page.mouse.up();
    await expect(editor).toHaveAttribute('aria-valuenow', String(editorW + 60));
    await page.getByRole('button', { name: 'Hide the inspector' }).click();
    await expect(page.getByRole('region', { name: 'Inspector' })).toBeHidden();
    await expect(inspector).toHaveAttribute('aria-valuenow', '0');

    await page.getByRole('button', { name: 'Hide the dock' }).click();
    await page.reload();
    await expect(
      page.getByRole('button', { name: 'kube-apiserver on control-plane' }),
    ).toBeVisible();
    await expect(editor).toHaveAttribute('aria-valuenow', String(editorW + 60));
    await expect(dock).toHaveAttribute('aria-valuenow', '0');
    await expect(page.getByRole('region', { name: 'Inspector' })).toBeHidden();
    await page.getByRole('button', { name: 'Show the dock' }).click();
    await expect(dock).toHaveAttribute('aria-valuenow', String(before + 20));
    await screenshot(page, testInfo, 'normal-layout-1440');
  });

  test('names are measured in the normal layout, with every panel open and with the side panels hidden', async ({
    page,
  }, testInfo) => {
    await openApp(page);
    await setSpeed(page, 16);
    await apply(page);
    await expect(podsWithStatus(page, 'web-', 'Running')).toHaveCount(3, { timeout: 45_000 });
    const report = async (what: string) => {
      await page.waitForTimeout(400);
      const names = await measureNames(page);
      const comp = names.filter((m) => NAMES.includes(m.text)).map((m) => m.devicePx);
      const pods = names.filter((m) => m.pod).map((m) => m.devicePx);
      console.log(
        `normal layout, ${what}: component names ${Math.min(...comp).toFixed(1)} px, pod names ${Math.min(...pods).toFixed(1)} px (device)`,
      );
      return {
        comp: Math.min(...comp),
        pods: Math.min(...pods),
        clipped: names.filter((m) => m.clipped),
      };
    };
    // A 1440×900 window with the editor, dock and inspector open is a small pane: the diagram
    // draws in large type rather than at the 3 px the detailed layout would have.
    const all = await report('every panel open');
    expect(all.comp).toBeGreaterThanOrEqual(8);
    expect(all.clipped).toEqual([]);
    await page.getByRole('button', { name: 'Hide the inspector' }).click();
    await page.getByRole('button', { name: 'Hide the dock' }).click();
    const roomy = await report('editor only');
    expect(roomy.comp).toBeGreaterThanOrEqual(12);
    expect(roomy.pods).toBeGreaterThanOrEqual(9);
    await screenshot(page, testInfo, 'normal-layout-names');
  });
});

test.describe('the Objects overlay', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('draws Deployment → ReplicaSet → Pods and Service → EndpointSlice → Pods, live', async ({
    page,
  }, testInfo) => {
    await openApp(page);
    await page.keyboard.press('p');
    await page.getByRole('button', { name: 'Objects' }).click();
    const overlay = page.getByRole('region', { name: 'Objects' });
    // A fresh cluster has the API server's own Service; the system namespaces' objects (CoreDNS,
    // kube-proxy…) are hidden with the system pods.
    await expect(
      overlay.getByRole('button', { name: /^Service kubernetes, ClusterIP 10\.96\.0\.1/ }),
    ).toBeVisible();
    await expect(overlay.getByRole('button', { name: /^(Deployment|DaemonSet|Pod) / })).toHaveCount(
      0,
    );
    await page.keyboard.press('p');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.keyboard.press('p');
    // The Deployment comes first; its ReplicaSet and pods appear as the controllers create them.
    await expect(overlay.getByRole('button', { name: /^Deployment web, / })).toBeVisible();
    const rs = overlay.getByRole('button', {
      name: /^ReplicaSet web-\w+, .*owned by Deployment web$/,
    });
    await expect(rs).toBeVisible({ timeout: 20_000 });
    const pods = overlay.getByRole('button', {
      name: /^Pod web-[\w-]+, .*owned by ReplicaSet web-/,
    });
    await expect(pods).toHaveCount(3, { timeout: 20_000 });
    await expect(overlay.getByRole('button', { name: /^Service web, ClusterIP / })).toBeVisible();
    await setSpeed(page, 16);
    // Live: the pods turn Running and join the Service's EndpointSlice as ready endpoints.
    await expect(
      overlay.getByRole('button', {
        name: /^Pod web-[\w-]+, Running, owned by ReplicaSet web-\w+, endpoint in EndpointSlice web-/,
      }),
    ).toHaveCount(3, { timeout: 45_000 });
    await expect(
      overlay.getByRole('button', { name: /^EndpointSlice web-\w+, 3 of 3 endpoints ready/ }),
    ).toBeVisible();
    await expect(rs).toHaveAccessibleName(/3\/3 ready/);
    // Owner references and endpoints are drawn as arrows: 1 + 3 + 1 + 3.
    await expect(overlay.locator('path.kg-objects-edge')).toHaveCount(8);
    // A box selects its object, as the diagram's boxes do.
    await pods.first().click();
    await expect(pods.first()).toHaveAttribute('aria-pressed', 'true');
    const [scrollWidth, innerWidth] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await screenshot(page, testInfo, 'objects-overlay');
    // Esc closes the overlay first, then leaves presenter mode.
    await page.keyboard.press('Escape');
    await expect(overlay).toBeHidden();
    await expect(page.getByRole('button', { name: 'Presenter' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });
});

test.describe('honest pacing', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('a note says when time waits for messages; real time never waits', async ({
    page,
  }, testInfo) => {
    await openApp(page);
    await expect(page.locator('.kg-clock-unit')).toHaveText(/virtual\s*time/i);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const note = page.locator('.kg-slow-motion', {
      hasText: 'Slow motion: time waits for messages',
    });
    await expect(note).toBeVisible();
    await screenshot(page, testInfo, 'slow-motion-note');
    // In slow motion the Deployment's burst of messages holds the clock back: 2 wall seconds are
    // far less than 2 virtual seconds.
    let from = clockMs(await clockText(page));
    await page.waitForTimeout(2_000);
    const slow = clockMs(await clockText(page)) - from;
    expect(slow).toBeLessThan(1_500);

    await page.getByRole('button', { name: 'View options' }).click();
    // The box shows the worker's playback state, so it turns off once the worker has answered.
    const slowMotion = page.getByRole('checkbox', { name: 'Slow motion: time waits for messages' });
    await slowMotion.click();
    await expect(slowMotion).not.toBeChecked();
    await page.keyboard.press('Escape');
    await expect(note).toBeHidden();
    // Real time at 1×: the pods' image pulls and starts still send messages, and the clock keeps
    // pace with the wall clock all the same.
    from = clockMs(await clockText(page));
    await page.waitForTimeout(2_000);
    const real = clockMs(await clockText(page)) - from;
    expect(real).toBeGreaterThan(1_600);
    await expect(note).toBeHidden();
  });
});

test.describe('controllers at work', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('the Deployment controller’s row lights up after an Apply, saying what it syncs', async ({
    page,
  }, testInfo) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.keyboard.press('p');
    const card = page.getByRole('button', { name: /^kube-controller-manager on control-plane/ });
    const row = card
      .getByRole('list', { name: 'controllers' })
      .getByRole('listitem')
      .filter({ hasText: /^deployment/ });
    await expect(row).toContainText('syncing default/web', { timeout: 20_000 });
    await expect(row).toHaveClass(/is-busy/);
    await screenshot(page, testInfo, 'deployment-controller-busy');
    // And goes back to rest once the rollout is done.
    await setSpeed(page, 16);
    await expect(card).toContainText(/controllers, all idle/, { timeout: 45_000 });
  });
});

test.describe('the Objects overlay, accessibly', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('axe finds no serious or critical violations with it open, light and dark', async ({
    page,
  }) => {
    await openApp(page);
    await setSpeed(page, 16);
    await apply(page);
    await page.keyboard.press('p');
    await page.keyboard.press('o');
    const overlay = page.getByRole('region', { name: 'Objects' });
    await expect(overlay.getByRole('button', { name: /^Pod web-.*Running/ })).toHaveCount(3, {
      timeout: 45_000,
    });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.waitForTimeout(300);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
