import { useEffect, useRef, useState } from 'react';
import type { Condition, Prediction, Task, WaitFor } from '../../engine/publicScenario';
import { RichText } from './RichText';
import type { Performed } from './perform';
import { useConditions } from './useConditions';

/**
 * A condition as a learner reads it, in words rather than the lesson file's keys:
 * `Pods web-…: Running, ready, 3 of them`, `Event FailedScheduling: "0/3 nodes are available"`,
 * `You ran kubectl logs`.
 */
export function conditionText(c: Condition): string {
  if ('ran' in c) return `You ran kubectl ${c.ran[0]}`;
  const parts: string[] = [];
  const say: Record<string, (v: never) => string> = {
    namespace: (v: string) => `in namespace ${v}`,
    phase: (v: string) => `phase ${v}`,
    status: (v: string) => `STATUS ${v}`,
    image: (v: string) => `image ${v}`,
    node: (v: string) => (v === 'worker' ? 'on a worker node' : `on ${v}`),
    message: (v: string) => `"${v}…"`,
    taint: (v: string) => `tainted ${v}`,
    condition: (v: string) => `condition ${v} is True`,
    ready: (v: boolean) => (v ? 'ready' : 'not ready'),
    terminating: (v: boolean) => (v ? 'being deleted' : 'not being deleted'),
    readyAddresses: (v: number) => `${v} ready address${v === 1 ? '' : 'es'}`,
    notReadyAddresses: (v: number) => `${v} not-ready address${v === 1 ? '' : 'es'}`,
    minRestarts: (v: number) => `restarted at least ${v === 1 ? 'once' : `${v} times`}`,
    minCount: (v: number) => `at least ${v} of them`,
    maxCount: (v: number) => `at most ${v} of them`,
    count: (v: number) => (v === 0 ? 'none left' : `${v} of them`),
  };
  const { kind, name, reason, fields, ...rest } = c;
  if (reason && name) parts.push(`reason ${reason}`);
  for (const [k, v] of Object.entries(rest))
    parts.push(say[k]?.(v as never) ?? `${k} ${String(v)}`);
  for (const [p, v] of Object.entries(fields ?? {})) parts.push(`${p} = ${String(v)}`);
  const many = name ? name.endsWith('*') : rest.count === 0;
  const what = name
    ? `${many ? `${kind}s` : kind} ${many ? `${name.slice(0, -1)}…` : name}`
    : reason
      ? `${kind} ${reason}`
      : many && !kind.endsWith('s')
        ? `${kind}s`
        : kind;
  return `${what}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** The checks of a task or wait-for, each turning green when it holds. */
function Checks({
  conditions,
  metBefore,
  onMet,
}: {
  conditions: readonly Condition[];
  /** Met on an earlier visit: stays green. */
  metBefore: boolean;
  onMet: () => void;
}) {
  const status = useConditions(conditions);
  const all = metBefore || status.every(Boolean);
  const reported = useRef(false);
  useEffect(() => {
    if (all && !metBefore && !reported.current) {
      reported.current = true;
      onMet();
    }
  }, [all, metBefore, onMet]);
  return (
    <ul className="kg-lesson-checks" aria-label="Checks">
      {conditions.map((c, i) => {
        const ok = metBefore || status[i];
        return (
          <li key={i} className={ok ? 'kg-check-met' : 'kg-check-waiting'}>
            <span aria-hidden="true">{ok ? '✓' : '○'}</span> {conditionText(c)}
            <span className="kg-visually-hidden">{ok ? ' (met)' : ' (not yet)'}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** What the lesson ran: commands and their output. */
export function PerformedLog({ items }: { items: readonly Performed[] }) {
  if (items.length === 0) return null;
  return (
    <div className="kg-lesson-performed" aria-label="What the lesson ran">
      {items.map((p, i) => (
        <pre key={i} className={p.ok ? '' : 'kg-lesson-failed'}>
          {`$ ${p.command}${p.output ? `\n${p.output.replace(/\n$/, '')}` : ''}`}
        </pre>
      ))}
    </div>
  );
}

export function TaskView({
  task,
  met,
  onMet,
  onShowMe,
  performed,
}: {
  task: Task;
  met: boolean;
  onMet: () => void;
  onShowMe: () => void;
  performed: readonly Performed[];
}) {
  const [hints, setHints] = useState(0);
  return (
    <div className="kg-lesson-task">
      <h3 className="kg-lesson-kind">Your turn</h3>
      <RichText text={task.text} />
      <Checks conditions={task.check} metBefore={met} onMet={onMet} />
      {met && (
        <p className="kg-lesson-done" role="status">
          Done — well done.
        </p>
      )}
      {task.hints.slice(0, hints).map((h, i) => (
        <div key={i} className="kg-lesson-hint">
          <strong>Hint {i + 1}.</strong> <RichText text={h} />
        </div>
      ))}
      {!met && (
        <div className="kg-lesson-actions">
          {hints < task.hints.length && (
            <button type="button" className="kg-button" onClick={() => setHints(hints + 1)}>
              {hints === 0 ? 'Show a hint' : 'Another hint'}
            </button>
          )}
          <button type="button" className="kg-button" onClick={onShowMe}>
            Show me
          </button>
        </div>
      )}
      <PerformedLog items={performed} />
    </div>
  );
}

export function WaitForView({
  wait,
  met,
  onMet,
}: {
  wait: WaitFor;
  met: boolean;
  onMet: () => void;
}) {
  return (
    <div className="kg-lesson-wait">
      <h3 className="kg-lesson-kind">Watch</h3>
      {wait.text && <RichText text={wait.text} />}
      <Checks conditions={wait.check} metBefore={met} onMet={onMet} />
      {!met && <p className="kg-muted">Waiting, with the clock running…</p>}
    </div>
  );
}

export function PredictView({
  predict,
  answer,
  revealed,
  onAnswer,
  performed,
}: {
  predict: Prediction;
  /** The learner's choice, once given. */
  answer: number | undefined;
  /** The action has played: show which choice was right, and why. */
  revealed: boolean;
  onAnswer: (choice: number) => void;
  performed: readonly Performed[];
}) {
  const [picked, setPicked] = useState<number | undefined>(answer);
  const name = `kg-predict-${predict.question.length}`;
  // The answer's "why" appears under the choices: in a short panel it is scrolled into view.
  const why = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (revealed) why.current?.scrollIntoView?.({ block: 'nearest' });
  }, [revealed]);
  return (
    <div className="kg-lesson-predict">
      <h3 className="kg-lesson-kind">Predict</h3>
      <fieldset disabled={answer !== undefined}>
        <legend>
          <RichText text={predict.question} />
        </legend>
        {predict.choices.map((c, i) => {
          const mark =
            revealed && i === predict.answer ? ' ✓ right' : revealed && i === answer ? ' ✗' : '';
          return (
            <label
              key={i}
              className={
                revealed && i === predict.answer ? 'kg-choice kg-choice-right' : 'kg-choice'
              }
            >
              <input
                type="radio"
                name={name}
                checked={(answer ?? picked) === i}
                onChange={() => setPicked(i)}
              />
              {c}
              {mark}
            </label>
          );
        })}
      </fieldset>
      {answer === undefined && (
        <button
          type="button"
          className="kg-button kg-primary"
          disabled={picked === undefined}
          onClick={() => picked !== undefined && onAnswer(picked)}
        >
          {predict.then.length ? 'Answer, then watch' : 'Answer'}
        </button>
      )}
      <PerformedLog items={performed} />
      {answer !== undefined && !revealed && <p className="kg-muted">Watch the diagram…</p>}
      {revealed && (
        <div className="kg-lesson-why" role="status" ref={why}>
          <strong>{answer === predict.answer ? 'Right.' : 'Not quite.'}</strong>{' '}
          <RichText text={predict.why} />
        </div>
      )}
    </div>
  );
}
