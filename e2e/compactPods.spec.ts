import { expect, test } from '@playwright/test';
import type { Locator } from '@playwright/test';
import { apply, openApp, podsWithStatus, replaceEditorText, setSpeed, startClean } from './helpers';

// A big cluster zoomed out: pods are squares drawn inside their workers' boxes, each with a button
// of its own for its name and the keyboard. A focused or selected pod's button covers its square
// (for the outline), whatever moved since it was drawn.
startClean();

const WORKERS = 12;
const REPLICAS = 180;

// JSON (YAML too): typed into the editor, block YAML would be indented again by it.
const deployment = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: REPLICAS,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.27',
            resources: { requests: { cpu: '10m', memory: '16Mi' } },
          },
        ],
      },
    },
  },
});

/** The button's box and its worker's box, in CSS pixels. */
async function boxes(pod: Locator) {
  return pod.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const w = el.closest('.react-flow__node')!.getBoundingClientRect();
    return { pod: [r.x, r.y, r.width, r.height], worker: [w.x, w.y, w.width, w.height] };
  });
}

function inside(pod: number[], worker: number[]): boolean {
  return (
    pod[0] >= worker[0] &&
    pod[1] >= worker[1] &&
    pod[0] + pod[2] <= worker[0] + worker[2] + 0.5 &&
    pod[1] + pod[3] <= worker[1] + worker[3] + 0.5
  );
}

test('a compact pod focused by keyboard covers its square in its worker, and Enter selects it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await page.getByRole('button', { name: /^Cluster:/ }).click();
  await page.getByLabel('Workers (1–50)').fill(String(WORKERS));
  await page.getByRole('button', { name: 'Reset cluster' }).click();
  await expect(page.locator('[aria-label^="Node worker"]')).toHaveCount(WORKERS, {
    timeout: 30_000,
  });
  await replaceEditorText(page, deployment);
  await setSpeed(page, 16);
  await apply(page);
  // Pods outside the view are not drawn: fitted, every worker is in it.
  const fit = page.getByRole('button', { name: 'Fit to view' });
  await expect
    .poll(
      async () => {
        await fit.click();
        return podsWithStatus(page, 'web-', 'Running').count();
      },
      { timeout: 120_000, intervals: [2_000] },
    )
    .toBe(REPLICAS);
  await expect(page.locator('[data-lod="far"]')).toHaveCount(1);
  const compact = page.locator('.kg-compact-pod');
  await expect(compact).toHaveCount(REPLICAS);

  // Unfocused and unselected, a pod's button takes no room (the canvas draws the square).
  const pod = compact.nth(REPLICAS - 1);
  expect((await boxes(pod)).pod.slice(2)).toEqual([0, 0]);

  await pod.focus();
  const focused = await boxes(pod);
  expect(focused.pod[2]).toBeGreaterThan(2);
  expect(focused.pod[3]).toBeGreaterThan(1);
  expect(inside(focused.pod, focused.worker), JSON.stringify(focused)).toBe(true);

  // The keyboard selects it: the Inspector shows the pod, and the button keeps its place.
  const name = (await pod.getAttribute('aria-label'))!.split(',')[0].replace(/^Pod /, '');
  await page.keyboard.press('Enter');
  await expect(pod).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('region', { name: 'Inspector' })).toContainText(name);
  // Focus elsewhere: selected, it still covers its square.
  await page.getByRole('button', { name: 'Fit to view' }).focus();
  const selected = await boxes(pod);
  expect(selected.pod).toEqual(focused.pod);
});
