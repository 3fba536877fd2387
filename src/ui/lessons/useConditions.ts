import { useMemo } from 'react';
import type { KubeObject } from '../../protocol';
import { checkCondition } from '../../engine/publicScenario';
import type { Condition } from '../../engine/publicScenario';
import { useAppStore } from '../store';

/**
 * Whether each condition holds now, against the objects the UI holds (the same objects etcd
 * holds) and the commands the learner ran — the engine's own check, so the panel and the headless
 * runner agree. Re-evaluated when a batch changes the objects.
 */
export function useConditions(conditions: readonly Condition[]): boolean[] {
  const objects = useAppStore((s) => s.objects);
  const ran = useAppStore((s) => s.ran);
  return useMemo(() => {
    const list: KubeObject[] = [];
    objects.forEach((r) => list.push(r.object));
    return conditions.map((c) => checkCondition(list, ran, c) === undefined);
  }, [objects, ran, conditions]);
}
