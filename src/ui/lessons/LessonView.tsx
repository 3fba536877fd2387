import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Scenario } from '../../engine/publicScenario';
import { useBridge } from '../bridge';
import { appStore } from '../store';
import { performActions, type Performed } from './perform';
import type { LessonProgress } from './progress';
import { RichText } from './RichText';
import { PredictView, TaskView, WaitForView } from './LessonSteps';
import { panelSteps, stepHighlight } from './steps';

/**
 * One lesson, one step at a time: Back / Next, the step's highlight on the diagram, its checks
 * turning green, and the actions the lesson performs between steps.
 */
export function LessonView({
  lesson,
  number,
  progress,
  resumed,
  restored,
  onProgress,
  onRestart,
  onExit,
}: {
  lesson: Scenario;
  number: number;
  progress: LessonProgress;
  /** Continued from an earlier visit: the cluster is not the lesson's. */
  resumed: boolean;
  /** Continued from an earlier visit with the lesson's cluster rebuilt as it was left. */
  restored: boolean;
  onProgress: (p: LessonProgress) => void;
  onRestart: () => void;
  onExit: () => void;
}) {
  const bridge = useBridge();
  const steps = useMemo(() => panelSteps(lesson), [lesson]);
  const index = Math.min(progress.step, steps.length - 1);
  const current = steps[index];
  /**
   * Steps whose preceding actions ran (Back then Next does not run them twice). In a rebuilt
   * cluster, those of the steps reached before the reload are already in its run.
   */
  const arrived = useRef(
    new Set<number>(restored ? Array.from({ length: progress.step + 1 }, (_, i) => i) : []),
  );
  const [performed, setPerformed] = useState<Record<number, Performed[]>>({});
  const [revealed, setRevealed] = useState<Record<number, boolean>>({});
  const latest = useRef({ progress, onProgress });
  latest.current = { progress, onProgress };
  const generation = useRef(0);
  const heading = useRef<HTMLHeadingElement>(null);

  const update = useCallback((change: Partial<LessonProgress>) => {
    const { progress: p, onProgress: save } = latest.current;
    save({ ...p, ...change });
  }, []);

  const log = useCallback(
    (i: number) => (p: Performed) =>
      setPerformed((all) => ({ ...all, [i]: [...(all[i] ?? []), p] })),
    [],
  );

  // The diagram glows where the step points; nothing glows once the lesson closes.
  useEffect(() => {
    appStore.getState().setLessonHighlight(current ? stepHighlight(current.step) : []);
  }, [current]);
  useEffect(() => () => appStore.getState().setLessonHighlight([]), []);

  // Arriving at a step (forward) performs the actions the lesson does before it.
  useEffect(() => {
    if (!current || arrived.current.has(index) || current.before.length === 0) return;
    arrived.current.add(index);
    const gen = generation.current;
    void performActions(
      bridge,
      appStore,
      current.before,
      log(index),
      () => gen !== generation.current,
    );
  }, [bridge, current, index, log]);

  useEffect(() => heading.current?.focus(), [index]);

  if (!current) return null;
  const step = current.step;
  const met = progress.met.includes(index);
  const markMet = () => {
    if (!latest.current.progress.met.includes(index))
      update({ met: [...latest.current.progress.met, index] });
  };
  const last = index === steps.length - 1;
  const waiting = ('task' in step || 'waitFor' in step) && !met;

  return (
    <div className="kg-lesson-view">
      <header className="kg-lesson-header">
        <h2 ref={heading} tabIndex={-1}>
          {number}. {lesson.title}
        </h2>
        <div className="kg-lesson-progress">
          <span>
            Step {index + 1} of {steps.length}
          </span>
          <progress value={index + 1} max={steps.length} aria-label="Lesson progress" />
        </div>
      </header>
      {restored && index > 0 && (
        <p className="kg-lesson-note">
          Welcome back: the cluster is rebuilt as you left it, at the same moment.
        </p>
      )}
      {resumed && index > 0 && (
        <p className="kg-lesson-note">
          This is a new cluster since your last visit: what the earlier steps created is not there.
          Redo those tasks, or press Restart to begin again.
        </p>
      )}
      <div className="kg-lesson-body" aria-live="polite">
        {'narrate' in step && <RichText text={step.narrate} />}
        {'task' in step && (
          <TaskView
            key={index}
            task={step.task}
            met={met}
            onMet={markMet}
            performed={performed[index] ?? []}
            onShowMe={() => {
              const gen = generation.current;
              void performActions(
                bridge,
                appStore,
                step.task.solution,
                log(index),
                () => gen !== generation.current,
                { countsAsRan: true },
              );
            }}
          />
        )}
        {'waitFor' in step && (
          <WaitForView key={index} wait={step.waitFor} met={met} onMet={markMet} />
        )}
        {'predict' in step && (
          <PredictView
            key={index}
            predict={step.predict}
            answer={progress.answers[index]}
            revealed={progress.answers[index] !== undefined && revealed[index] !== false}
            performed={performed[index] ?? []}
            onAnswer={(choice) => {
              update({ answers: { ...latest.current.progress.answers, [index]: choice } });
              setRevealed((r) => ({ ...r, [index]: false }));
              const gen = generation.current;
              void performActions(
                bridge,
                appStore,
                step.predict.then,
                log(index),
                () => gen !== generation.current,
              ).then(() => setRevealed((r) => ({ ...r, [index]: true })));
            }}
          />
        )}
      </div>
      <footer className="kg-lesson-nav">
        <button
          type="button"
          className="kg-button"
          disabled={index === 0}
          onClick={() => update({ step: index - 1 })}
        >
          Back
        </button>
        <button
          type="button"
          className="kg-button kg-primary"
          onClick={() => (last ? (update({ done: true }), onExit()) : update({ step: index + 1 }))}
        >
          {last ? 'Finish' : waiting ? 'Skip' : 'Next'}
        </button>
        <span className="kg-lesson-nav-gap" />
        <button
          type="button"
          className="kg-button"
          onClick={() => {
            generation.current++;
            arrived.current.clear();
            setPerformed({});
            setRevealed({});
            onRestart();
          }}
        >
          Restart
        </button>
        <button type="button" className="kg-button" onClick={onExit}>
          All lessons
        </button>
      </footer>
    </div>
  );
}
