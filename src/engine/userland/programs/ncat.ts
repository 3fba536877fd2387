/**
 * Nmap's ncat, as the xtrabackup image has it: a client that connects, sends its stdin (not
 * with `--recv-only`) and writes what it receives; or with `--listen PORT` a server that runs
 * `-c CMD` (with /bin/sh) for each connection and sends the command's stdout (its stderr goes
 * to ncat's, the container's log). The listening
 * process is the container's server from then on (`exec ncat --listen …` in a script).
 */
import {
  QuietForever,
  readStdin,
  startShellScript,
  type Invocation,
  type IO,
  type Shell,
} from '../shell';
import type { ProgramStep, TcpAnswer } from './types';

type Gen<T> = Generator<ProgramStep, T, undefined>;

/** ncat [options] HOST PORT, or ncat --listen [options] PORT -c CMD. */
export function* ncat(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const args = inv.args;
  const operands: string[] = [];
  let listen = false;
  let recvOnly = false;
  let cmd: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-l' || a === '--listen') listen = true;
    else if (a === '--recv-only') recvOnly = true;
    else if (a === '-c' || a === '--sh-exec' || a === '-e' || a === '--exec') cmd = args[++i];
    else if (a.startsWith('--sh-exec=')) cmd = a.slice(10);
    else if (a === '-p' || a === '--source-port' || a === '-w' || a === '--wait') i++;
    else if (!a.startsWith('-')) operands.push(a);
  }
  if (listen) {
    const port = Number(operands[operands.length - 1] ?? 31337);
    sh.listening = {
      port,
      answer: (): TcpAnswer => (cmd === undefined ? { data: '' } : runForConnection(sh, cmd)),
    };
    // It accepts connections until it is killed.
    throw new QuietForever();
  }
  const [host, portText] = operands;
  if (!host || !portText) {
    yield* sh.err(io, 'Ncat: You must specify a host to connect to. QUITTING.');
    return 2;
  }
  yield* sh.sync();
  const data = recvOnly ? '' : readStdin(io);
  const out = sh.ctx.tcp?.(host, Number(portText), data) ?? { kind: 'unresolvable' as const };
  if (out.kind === 'unresolvable') {
    sh.delay(12);
    yield* sh.err(
      io,
      `Ncat: Could not resolve hostname "${host}": Name or service not known. QUITTING.`,
    );
    return 2;
  }
  if (out.kind !== 'ok') {
    sh.delay(out.kind === 'timeout' ? 10_000 : 1);
    yield* sh.err(io, out.kind === 'timeout' ? 'Ncat: TIMEOUT.' : 'Ncat: Connection refused.');
    return 1;
  }
  sh.delay(out.ms ?? 1);
  yield* sh.write(io.stdout, out.data);
  return 0;
}

/** `-c CMD` for one connection: /bin/sh runs it in the container; its stdout is sent. */
function runForConnection(sh: Shell, cmd: string): TcpAnswer {
  const p = startShellScript({ ...sh.ctx, flavour: 'dash', argv0: 'sh' }, cmd);
  const out: string[] = [];
  const err: string[] = [];
  let ms = 0;
  for (let i = 0; i < 100_000; i++) {
    const step = p.next();
    if (!step) break;
    ms += step.afterMs;
    if (step.type === 'output') (step.stream === 'stdout' ? out : err).push(step.text);
    if (step.type === 'exit') break;
  }
  // Its stderr is ncat's: the container's log (`kubectl logs mysql-0 -c xtrabackup`).
  sh.logNow('stderr', err);
  return { data: out.length ? `${out.join('\n')}\n` : '', ms };
}
