import {
  checkExecutable,
  startProgram,
  type HttpResolver,
  type ProgramInput,
} from '../../userland/programs';
import type { ExecResult } from '../../userland/programs/types';

/**
 * ExecSync of a container whose program cannot exec by itself: the command runs as a fresh
 * process of the same image, its steps taken at once up to the timeout.
 */
export function execFresh(
  input: ProgramInput,
  timeoutMs: number,
  now: () => number,
  http: HttpResolver,
): ExecResult {
  const check = checkExecutable(input);
  if (!check.ok) {
    const what = check.message.replace(/^.*unable to start container process: /, '');
    return {
      exitCode: 126,
      output: `OCI runtime exec failed: exec failed: unable to start container process: ${what}`,
      ms: 1,
      timedOut: false,
    };
  }
  const p = startProgram(input, now, http);
  const out: string[] = [];
  let t = 0;
  for (let i = 0; i < 10_000; i++) {
    const step = p.next();
    if (!step) break;
    t += step.afterMs;
    if (t > timeoutMs) break;
    if (step.type === 'output') out.push(step.text);
    else if (step.type === 'exit')
      return {
        exitCode: step.code,
        output: out.length ? out.join('\n') + '\n' : '',
        ms: t,
        timedOut: false,
      };
  }
  return { exitCode: -1, output: out.join('\n'), ms: timeoutMs, timedOut: true };
}
