import { useMemo } from 'react';
import { useAppStore, useShallow } from '../store';
import { highlightTargets } from './steps';

/** An attribute value inside a CSS selector's double quotes. */
const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/**
 * Makes what the current lesson step names glow on the diagram. Diagram nodes are React Flow
 * nodes with `data-id`; pods drawn compactly carry `data-pod`. One style element, no re-render
 * of the diagram.
 */
export function LessonGlow() {
  const highlight = useAppStore((s) => s.lessonHighlight);
  const components = useAppStore(
    useShallow((s) => s.componentIds.map((id) => `${id} ${s.components[id]?.kind ?? ''}`)),
  );
  const css = useMemo(() => {
    if (highlight.length === 0) return '';
    const list = components.map((c) => {
      const [id, kind] = c.split(' ');
      return { id, kind };
    });
    const t = highlightTargets(highlight, list);
    const selectors = [
      ...t.nodeIds.map((id) => `.react-flow__node[data-id=${quote(id)}]`),
      ...t.nodeIdPrefixes.map((p) => `.react-flow__node[data-id^=${quote(p)}]`),
      ...t.nodeIds
        .filter((id) => id.startsWith('pod:'))
        .map((id) => `[data-pod=${quote(id.slice(4))}]`),
      ...t.nodeIdPrefixes.map((p) => `[data-pod^=${quote(p.slice(4))}]`),
    ];
    return selectors.length ? `${selectors.join(',\n')} { ${GLOW} }` : '';
  }, [highlight, components]);
  return css ? <style data-testid="lesson-glow">{css}</style> : null;
}

const GLOW =
  'outline: 3px solid var(--kg-lesson-glow); outline-offset: 2px; border-radius: 8px; ' +
  'box-shadow: 0 0 0 6px var(--kg-lesson-glow-soft), 0 0 18px 6px var(--kg-lesson-glow-soft); ' +
  'animation: kg-lesson-glow 1.6s ease-in-out infinite alternate;';
