import { describe, expect, it } from 'vitest';
import { compactLog, forgetRun, loadRun, SAVED_RUN_KEY, saveRun } from './savedRun';

function memory(): Storage {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  } as Storage;
}

const log = {
  shape: { workers: 2, cpu: '4', memory: '8Gi', seed: 1 },
  actions: [
    {
      type: 'request' as const,
      op: 'kubectl' as const,
      requestId: 3,
      args: { command: 'run web --image=nginx' },
      at: 1200,
      executed: 40,
    },
  ],
  until: 9000,
};

describe('the lesson run kept across a reload', () => {
  it('gives back the run kept for a lesson, and only for that lesson', () => {
    const s = memory();
    saveRun(s, {
      file: '01.yaml',
      log: log as never,
      ran: ['logs web'],
      playback: { playing: true, speed: 4 },
    });
    saveRun(s, { file: '02.yaml', log: { ...log, until: 5 } as never, ran: [] });
    expect(loadRun(s, '01.yaml')).toEqual({
      file: '01.yaml',
      log,
      ran: ['logs web'],
      playback: { playing: true, speed: 4 },
    });
    expect(loadRun(s, '02.yaml')?.log.until).toBe(5);
    expect(loadRun(s, '03.yaml')).toBeUndefined();
    forgetRun(s, '01.yaml');
    expect(loadRun(s, '01.yaml')).toBeUndefined();
    expect(loadRun(s, '02.yaml')).toBeDefined();
  });

  it('treats anything unreadable as no run (a fresh cluster, never a failed restore)', () => {
    const s = memory();
    for (const raw of ['{', '[]', '{"01.yaml": {"log": {"shape": {}}}}', '{"01.yaml": 7}']) {
      s.setItem(SAVED_RUN_KEY, raw);
      expect(loadRun(s, '01.yaml')).toBeUndefined();
    }
    s.setItem(
      SAVED_RUN_KEY,
      JSON.stringify({ '01.yaml': { log: { ...log, actions: [{ at: 'x' }] } } }),
    );
    expect(loadRun(s, '01.yaml')).toBeUndefined();
  });
});

describe('the kept run is compact', () => {
  it('keeps only the files a kubectl command names', () => {
    const files = { 'editor.yaml': 'kind: Pod', 'nginx.yaml': 'kind: Deployment' };
    const compact = compactLog({
      ...log,
      actions: [
        { ...log.actions[0], args: { command: 'apply -f editor.yaml', files } },
        { ...log.actions[0], args: { command: 'get pods', files } },
      ],
    } as never);
    expect(compact.actions.map((a) => (a as { args: { files: object } }).args.files)).toEqual([
      { 'editor.yaml': 'kind: Pod' },
      {},
    ]);
  });
});
