/**
 * `kubectl apply -f FILE` (and `create -f`, `delete -f`): each document of each file through
 * ../apply.ts `applyManifest`, printing `deployment.apps/web created|configured|unchanged`.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go
 */
import { applyManifest, errorLine } from '../apply';
import { bool, strs, type FlagSpec } from '../flags';
import { eachInOrder, type Command, type CommandContext } from './context';

const FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'validate', type: 'string' },
  { name: 'server-side', type: 'bool' },
];

/**
 * Runs every document of every `-f` file in `mode`, printing each outcome as it arrives.
 * @returns through `ctx.finish`: 1 when any document failed.
 */
export function runManifests(
  ctx: CommandContext,
  mode: 'apply' | 'create' | 'delete',
  files: string[],
  onDone?: (failed: boolean) => void,
): void {
  let failed = false;
  eachInOrder(
    files,
    (file, next) => {
      const text = ctx.env.readFile?.(file);
      if (text === undefined) {
        ctx.stderr(`error: the path "${file}" does not exist\n`);
        failed = true;
        return next();
      }
      applyManifest(
        text,
        file,
        ctx.namespace,
        (req, cb) => ctx.request(req, cb),
        (outcomes) => {
          // delete.go: a file with nothing in it deletes nothing and says so.
          if (mode === 'delete' && outcomes.length === 0) ctx.stdout('No resources found\n');
          const failures = outcomes.filter((o) => !o.ok).length;
          for (const o of outcomes) {
            if (o.warning) ctx.stderr(o.warning + '\n');
            if (o.ok) ctx.stdout(o.message + '\n');
            else {
              failed = true;
              ctx.stderr(errorLine(o, failures) + '\n');
            }
          }
          next();
        },
        mode,
        { serverSide: bool(ctx.flags, 'server-side') },
      );
    },
    () => (onDone ? onDone(failed) : ctx.finish(failed ? 1 : 0)),
  );
}

export const applyCommand: Command = {
  name: 'apply',
  flags: FLAGS,
  run(ctx) {
    const files = strs(ctx.flags, 'filename');
    if (files.length === 0) {
      return ctx.fail(`error: must specify one of -f and -k`);
    }
    if (ctx.args.length > 0) {
      return ctx.fail(
        `error: Unexpected args: [${ctx.args.join(' ')}]\nSee 'kubectl apply -h' for help and examples`,
      );
    }
    runManifests(ctx, 'apply', files);
  },
};
