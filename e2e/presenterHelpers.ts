/** What the presenter specs measure: names' sizes in device px, label boxes, axe's findings. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export const NAMES = [
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
export async function measureNames(page: Page) {
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
export async function labelBoxes(page: Page) {
  const attr = (await page.getByTestId('message-dots').getAttribute('data-label-boxes')) ?? '';
  return attr
    .split(' ')
    .filter(Boolean)
    .map((b) => b.split(',').map(Number));
}

export function overlapping(boxes: number[][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [ax, ay, aw, ah] = boxes[i];
      const [bx, by, bw, bh] = boxes[j];
      if (ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah) out.push(`${i}×${j}`);
    }
  return out;
}

export async function transform(page: Page): Promise<string> {
  return page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
}

export async function seriousViolations(page: Page): Promise<string[]> {
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
