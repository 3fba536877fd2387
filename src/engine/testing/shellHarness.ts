/** Runs shell scripts as a container's PID 1 would, for the shell's tests (not shipped). */
import { startProgram } from '../userland/programs';
import type { Program, ProgramInput, ProgramStep } from '../userland/programs';

/** A busybox container named `box` in `default`, with one variable set. */
export const base: ProgramInput = {
  image: 'docker.io/library/busybox:latest',
  env: { GREETING: 'hello world' },
  containerName: 'app',
  podName: 'box',
  namespace: 'default',
  hostname: 'box',
  podIP: '10.244.1.9',
};

/** Up to `max` steps of a program (stopping at its exit), each with its virtual time `at`. */
export function drain(p: Program, max = 100): (ProgramStep & { at: number })[] {
  const out: (ProgramStep & { at: number })[] = [];
  let at = 0;
  for (let i = 0; i < max; i++) {
    const s = p.next();
    if (!s) break;
    at += s.afterMs;
    out.push({ ...s, at });
    if (s.type === 'exit') break;
  }
  return out;
}

/** `sh -c script` in the {@link base} container (or one changed by `over`). */
export const sh = (script: string, over: Partial<ProgramInput> = {}) =>
  startProgram({ ...base, command: ['sh', '-c', script], ...over }, () => 0);

/** The text of the output steps. */
export const lines = (steps: ProgramStep[]) =>
  steps.flatMap((s) => (s.type === 'output' ? [s.text] : []));

export const last = (steps: ProgramStep[]) => steps[steps.length - 1];
