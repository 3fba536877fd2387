/**
 * Pictures of the diagram for slides and handouts, as it is now (the moment shown, captions
 * included): the diagram's DOM cloned with its computed styles inlined into an SVG
 * `<foreignObject>`, the message canvas as an image; PNG by drawing that SVG on a canvas at twice
 * the size. Controls (zoom buttons, the minimap) are left out.
 */
import { saveFile } from './actions';
import { notify } from './shareStore';

/** Not drawn: controls are for the screen, not the slide. */
const SKIP = '.react-flow__controls, .react-flow__minimap, .react-flow__attribution, button';

/**
 * The properties a picture needs. Copying every computed property of thousands of elements takes
 * seconds; these few keep the layout, colours and text.
 */
const PROPS = [
  'display',
  'position',
  'box-sizing',
  'left',
  'top',
  'right',
  'bottom',
  'width',
  'height',
  'transform',
  'transform-origin',
  'margin',
  'padding',
  'border',
  'border-radius',
  'overflow',
  'flex-direction',
  'flex-wrap',
  'align-items',
  'justify-content',
  'gap',
  'flex',
  'grid-template-columns',
  'color',
  'background-color',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'line-height',
  'white-space',
  'text-align',
  'text-overflow',
  'letter-spacing',
  'z-index',
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'visibility',
  'outline',
];

function cssOf(style: CSSStyleDeclaration): string {
  let css = '';
  for (const prop of PROPS) {
    const v = style.getPropertyValue(prop);
    if (v) css += `${prop}:${v};`;
  }
  return css;
}

/**
 * A `::before`/`::after` (the legend's colour swatches, markers) as a real element: a picture has
 * no stylesheet, so generated content would be lost.
 */
function pseudoElement(source: Element, which: '::before' | '::after'): HTMLElement | null {
  const style = getComputedStyle(source, which);
  const content = style.getPropertyValue('content');
  if (!content || content === 'none' || content === 'normal') return null;
  const el = document.createElement('span');
  el.setAttribute(
    'style',
    `${cssOf(style)}display:${style.display === 'inline' ? 'inline-block' : style.display};`,
  );
  const text = /^"(.*)"$/s.exec(content)?.[1];
  if (text) el.textContent = text.replace(/\\(.)/g, '$1');
  return el;
}

function inlineStyles(source: Element, clone: Element): void {
  clone.setAttribute('style', cssOf(getComputedStyle(source)));
  const from = source.children;
  const to = clone.children;
  for (let i = 0; i < from.length && i < to.length; i++) inlineStyles(from[i], to[i]);
  const before = pseudoElement(source, '::before');
  const after = pseudoElement(source, '::after');
  if (before) clone.insertBefore(before, clone.firstChild);
  if (after) clone.appendChild(after);
}

/** The diagram as a standalone SVG document, and its size in CSS pixels. */
export function diagramSvg(root: HTMLElement): { svg: string; width: number; height: number } {
  const { width, height } = root.getBoundingClientRect();
  const clone = root.cloneNode(true) as HTMLElement;
  inlineStyles(root, clone);
  // A canvas's pixels are not cloned: its picture goes in as an image.
  const canvases = root.querySelectorAll('canvas');
  clone.querySelectorAll('canvas').forEach((c, i) => {
    const img = document.createElement('img');
    try {
      img.src = canvases[i].toDataURL('image/png');
    } catch {
      return;
    }
    img.setAttribute('style', c.getAttribute('style') ?? '');
    img.width = canvases[i].clientWidth;
    img.height = canvases[i].clientHeight;
    c.replaceWith(img);
  });
  clone.querySelectorAll(SKIP).forEach((el) => el.remove());
  clone.setAttribute('xmlns', 'http://www.w3.org/1999/xhtml');
  const html = new XMLSerializer().serializeToString(clone);
  const bg = getComputedStyle(root).backgroundColor;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}">` +
    `<rect width="100%" height="100%" fill="${bg}"/>` +
    `<foreignObject x="0" y="0" width="100%" height="100%">${html}</foreignObject></svg>`;
  return { svg, width, height };
}

async function toPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('the picture could not be encoded'))),
      'image/png',
    ),
  );
}

/** Saves the diagram as `kubeglass-diagram.png` or `.svg`. */
export async function exportDiagram(format: 'png' | 'svg'): Promise<void> {
  const root = document.querySelector<HTMLElement>('.kg-diagram');
  if (!root) {
    notify('No picture', 'The diagram is not on the page.');
    return;
  }
  try {
    const { svg, width, height } = diagramSvg(root);
    const blob =
      format === 'svg'
        ? new Blob([svg], { type: 'image/svg+xml' })
        : await toPng(svg, width, height);
    saveFile(blob, `kubeglass-diagram.${format}`);
  } catch (e) {
    notify('The picture could not be made', (e as Error).message);
  }
}
