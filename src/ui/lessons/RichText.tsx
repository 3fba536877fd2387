import { useMemo } from 'react';
import { textBlocks } from './steps';

/** Lesson text as paragraphs, code blocks and inline code — React text nodes, never HTML. */
export function RichText({ text }: { text: string }) {
  const blocks = useMemo(() => textBlocks(text), [text]);
  return (
    <>
      {blocks.map((b, i) =>
        b.type === 'code' ? (
          <pre key={i} className="kg-lesson-code">
            {b.text}
          </pre>
        ) : (
          <p key={i}>{b.parts.map((p, j) => (p.code ? <code key={j}>{p.text}</code> : p.text))}</p>
        ),
      )}
    </>
  );
}
