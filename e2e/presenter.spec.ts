import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
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

startClean();

const NAMES = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
  'kubelet',
  'kube-proxy',
  'container runtime',
];

/** Every name on the diagram: its text size in device pixels and whether all of it is in view. */
async function measureNames(page: Page) {
  return page.evaluate(() => {
    const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const pane = document.querySelector('.kg-diagram')!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>('.kg-component-name, .kg-pod-name')].map(
      (el) => {
        const r = el.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(el);
        const text = range.getBoundingClientRect();
        return {
          text: el.textContent ?? '',
          pod: el.classList.contains('kg-pod-name'),
          devicePx: parseFloat(getComputedStyle(el).fontSize) * zoom * devicePixelRatio,
          // The text itself inside its box (nothing cut off) and inside the pane.
          clipped:
            el.scrollWidth > el.clientWidth + 1 ||
            text.right > r.right + 1 ||
            r.left < pane.left - 1 ||
            r.right > pane.right + 1 ||
            r.top < pane.top - 1 ||
            r.bottom > pane.bottom + 1,
        };
      },
    );
  });
}

/** The boxes of the labels drawn beside travelling dots, as the canvas reports them. */
async function labelBoxes(page: Page) {
  const attr = (await page.getByTestId('message-dots').getAttribute('data-label-boxes')) ?? '';
  return attr
    .split(' ')
    .filter(Boolean)
    .map((b) => b.split(',').map(Number));
}

function overlapping(boxes: number[][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [ax, ay, aw, ah] = boxes[i];
      const [bx, by, bw, bh] = boxes[j];
      if (ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah) out.push(`${i}×${j}`);
    }
  return out;
}

async function transform(page: Page): Promise<string> {
  return page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).exclude('.monaco-editor').analyze();
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
    await page.waitForTimeout(500);
    const diagram = page.getByLabel('Cluster diagram');
    const height = (await diagram.boundingBox())!.height;
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.waitForTimeout(400);
    const zoomed = await transform(page);
    await setSpeed(page, 16);
    await apply(page);
    // Pods outside the view are not drawn at all: count them in Events (one Started each).
    await expect(
      page.getByRole('region', { name: 'Events' }).getByRole('row').filter({ hasText: 'Started' }),
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

test.describe('the normal layout at 1280×720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

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
    await screenshot(page, testInfo, 'normal-layout-1280');
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
    // A 1280×720 window with the editor, dock and inspector open is a small pane: the diagram
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
    await expect(overlay).toContainText('No Deployments, Services or Pods yet');
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
    await page.getByRole('checkbox', { name: 'Slow motion: time waits for messages' }).uncheck();
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
