import { describe, expect, it } from 'vitest';
import { Clock } from '../../sim/clock';
import { Network } from '../../sim/network';
import { Rng } from '../../sim/rng';
import { lookupImage } from './images';
import { ContainerRuntime } from './runtime';

function runtime() {
  const clock = new Clock();
  const rt = new ContainerRuntime('containerd@n1', 'n1', clock, new Rng(1), new Network(clock));
  return { clock, rt };
}

const busybox = () => {
  const f = lookupImage('busybox:1.36');
  if (!f.ok) throw new Error(f.error);
  return f.image;
};

const input = (script: string) => ({
  image: 'docker.io/library/busybox:1.36',
  command: ['sh', '-c', script],
  env: {},
  containerName: 'app',
  podName: 'p',
  namespace: 'default',
  hostname: 'p',
  podIP: '10.244.0.5',
});

/** Create and start attempt `attempt` of container `app` in pod `uid`; returns its id. */
function run(rt: ContainerRuntime, attempt: number, script: string): string {
  const r = rt.create('uid-1', 'app', attempt, busybox(), input(script));
  if (!('id' in r)) throw new Error(r.error);
  rt.start(r.id);
  return r.id;
}

describe('ContainerRuntime logs', () => {
  it('keeps each line with its stream and the instant it was written', () => {
    const { clock, rt } = runtime();
    clock.advance(1000);
    run(rt, 0, 'echo out; echo err >&2; sleep 2; echo later; exit 1');
    clock.advance(5000);
    const lines = rt.logsOf('uid-1', 'app', 0)!;
    expect(lines.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'out'],
      ['stderr', 'err'],
      ['stdout', 'later'],
    ]);
    expect(lines[0].time).toBe(clock.timestampNano(1000));
    expect(lines[2].time).toBe(clock.timestampNano(3000));
  });

  it('a line written at instant 0 on stderr keeps its stream and time', () => {
    const { clock, rt } = runtime();
    run(rt, 0, 'echo boom >&2; exit 2');
    clock.advance(100);
    expect(rt.logsOf('uid-1', 'app', 0)).toEqual([
      { time: clock.timestampNano(0), stream: 'stderr', text: 'boom' },
    ]);
  });

  it('keeps the previous attempt for --previous and collects older dead ones', () => {
    const { clock, rt } = runtime();
    for (let a = 0; a < 3; a++) {
      run(rt, a, `echo attempt ${a}; exit 1`);
      clock.advance(100);
    }
    expect(rt.logsOf('uid-1', 'app', 0)).toBeUndefined();
    expect(rt.logsOf('uid-1', 'app', 1)!.map((l) => l.text)).toEqual(['attempt 1']);
    expect(rt.logsOf('uid-1', 'app', 2)!.map((l) => l.text)).toEqual(['attempt 2']);
  });

  it('a running container still answers exec after its input is dropped', () => {
    const { clock, rt } = runtime();
    const id = run(rt, 0, 'touch /tmp/ready; sleep 3600');
    clock.advance(100);
    expect(rt.exec(id, ['cat', '/tmp/ready'], 1000).exitCode).toBe(0);
    expect(rt.exec(id, ['cat', '/tmp/missing'], 1000).exitCode).toBe(1);
  });
});
