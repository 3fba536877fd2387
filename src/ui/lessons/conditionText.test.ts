import { describe, expect, it } from 'vitest';
import { conditionText } from './LessonSteps';

describe('a check as a learner reads it', () => {
  it('says what must hold in words, not in the lesson file keys', () => {
    expect(conditionText({ kind: 'Pod', name: 'web' })).toBe('Pod web');
    expect(
      conditionText({ kind: 'Pod', name: 'web-*', phase: 'Running', ready: true, count: 3 }),
    ).toBe('Pods web-…: phase Running, ready, 3 of them');
    expect(
      conditionText({
        kind: 'Event',
        reason: 'TaintManagerEviction',
        message: 'Marking for deletion Pod default/web-',
        minCount: 1,
      }),
    ).toBe(
      'Event TaintManagerEviction: "Marking for deletion Pod default/web-…", at least 1 of them',
    );
    expect(conditionText({ kind: 'Pod', name: 'liveness-exec', minRestarts: 1 })).toBe(
      'Pod liveness-exec: restarted at least once',
    );
    expect(conditionText({ ran: ['logs', 'log'] })).toBe('You ran kubectl logs');
    expect(conditionText({ kind: 'Pod', count: 0 })).toBe('Pods: none left');
  });
});
