/** The image's executables that the simulation runs: which function runs which name. */
import type { Shell } from '../interpreter';
import { QuietForever } from '../signals';
import type { Gen, Invocation, IO } from '../types';
import { cp, ls, mkdir, mv, rm, touch } from './files';
import { curl, wget } from './http';
import { sleep } from './sleep';
import { date, env, hostname, id, nproc, uname, whoami } from './system';
import { cat, grep, headTail, rev, sed, seq, sort, tee, uniq, wc } from './text';

/** An applet: a generator when it writes or waits, a plain exit status when it does neither. */
type Applet = (sh: Shell, inv: Invocation, io: IO) => Gen<number> | number;

/** A nested shell: `-c` runs in a subshell; an interactive one (no tty) exits at once. */
function* nestedShell(sh: Shell, inv: Invocation): Gen<number> {
  const { args } = inv;
  const ci = args.indexOf('-c');
  if (ci < 0) return 0;
  const saved = new Map(sh.vars);
  try {
    return yield* sh.script(args[ci + 1] ?? '');
  } catch (e) {
    if (e instanceof QuietForever) throw e;
    return sh.codeOf(e);
  } finally {
    sh.vars.clear();
    for (const [k, v] of saved) sh.vars.set(k, v);
  }
}

const APPLETS = new Map<string, Applet>([
  ['sleep', (sh, inv, io) => sleep(sh, inv.args, io)],
  ['date', date],
  ['hostname', hostname],
  ['cat', cat],
  ['env', env],
  ['printenv', env],
  ['ls', ls],
  ['seq', seq],
  ['head', headTail],
  ['tail', headTail],
  ['grep', grep],
  ['wc', wc],
  ['rev', rev],
  ['sort', sort],
  ['uniq', uniq],
  ['tee', tee],
  ['touch', touch],
  ['mkdir', mkdir],
  ['rm', rm],
  ['cp', cp],
  ['mv', mv],
  ['sed', sed],
  ['whoami', whoami],
  ['id', id],
  ['nproc', nproc],
  ['uname', uname],
  ['sh', nestedShell],
  ['ash', nestedShell],
  ['dash', nestedShell],
  ['bash', nestedShell],
  ['wget', (sh, inv, io) => wget(sh, inv.args, io)],
  ['curl', (sh, inv, io) => curl(sh, inv.args, io)],
]);

/** Runs an executable of the image by its base name; `argv[0]` is the name as it was called. */
export function* applet(sh: Shell, base: string, argv: string[], io: IO): Gen<number> {
  const args = argv.slice(1);
  const opts = args.filter((a) => /^-./.test(a));
  const operands = args.filter((a) => !/^-./.test(a));
  const tool = sh.ctx.tools?.get(base);
  if (tool) return yield* tool(sh, { base, args, opts, operands }, io);
  const run = APPLETS.get(base);
  // Present in the image but not simulated: it runs and succeeds silently.
  if (!run) return 0;
  const r = run(sh, { base, args, opts, operands }, io);
  return typeof r === 'number' ? r : yield* r;
}
