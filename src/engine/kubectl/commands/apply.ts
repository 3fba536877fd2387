/**
 * `kubectl apply -f FILE` (and `create -f`, `delete -f`): each document of each file through
 * ../apply.ts `applyManifest`, printing `deployment.apps/web created|configured|unchanged`.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go
 */
import { fetchManifestUrl } from '../../addons/ingressNginx/manifest';
import type { FieldValidation } from '../../api/decoding';
import { applyManifest, errorLine, type DocumentOutcome } from '../apply';
import { toJson, toYaml } from '../output';
import { printName } from '../printers';
import { bool, str, strs, type FlagSpec } from '../flags';
import { eachInOrder, type Command, type CommandContext } from './context';

/** `--validate`, whose bare form means `strict` (kubectl: `cmd.Flag("validate").NoOptDefVal`). */
export const VALIDATE_FLAG: FlagSpec = { name: 'validate', type: 'string', noOptDefault: 'strict' };

const FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'recursive', short: 'R', type: 'bool' },
  VALIDATE_FLAG,
  { name: 'server-side', type: 'bool' },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
];

/**
 * The `fieldValidation` kubectl sends for `--validate` (default `strict`): `true`/`strict` →
 * Strict, `warn` → Warn, `false`/`ignore` → Ignore, anything else is refused before any request.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go GetValidationDirective.
 */
export function validationDirective(
  ctx: CommandContext,
): { fieldValidation: FieldValidation } | { error: string } {
  const v = str(ctx.flags, 'validate') ?? 'strict';
  // strconv.ParseBool's spellings first, then the three names.
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return { fieldValidation: 'Strict' };
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return { fieldValidation: 'Ignore' };
  if (v === 'strict') return { fieldValidation: 'Strict' };
  if (v === 'warn') return { fieldValidation: 'Warn' };
  if (v === 'ignore') return { fieldValidation: 'Ignore' };
  return {
    error: `error: invalid - validate option "${v}"; must be one of: strict (or true), warn, ignore (or false)`,
  };
}

const APPLY_FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

/**
 * `--dry-run` and `-o` of apply and create -f, or kubectl's error for a bad value.
 * k8s: kubectl/pkg/cmd/util GetDryRunStrategy; the printer flags of apply.
 */
function printOptions(
  ctx: CommandContext,
): { dryRun?: 'client' | 'server'; output?: string } | { error: string } {
  const d = str(ctx.flags, 'dry-run');
  if (d !== undefined && !['none', 'client', 'server'].includes(d)) {
    return { error: `error: Invalid dry-run value (${d}). Must be "none", "server", or "client".` };
  }
  const output = str(ctx.flags, 'output');
  if (output !== undefined && !['yaml', 'json', 'name'].includes(output)) {
    return {
      error: `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${APPLY_FORMATS}`,
    };
  }
  return { dryRun: d === 'client' || d === 'server' ? d : undefined, output };
}

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
  const print = mode === 'delete' ? {} : printOptions(ctx);
  if ('error' in print) return ctx.fail(print.error);
  const validation: ReturnType<typeof validationDirective> =
    mode === 'delete' ? { fieldValidation: 'Strict' } : validationDirective(ctx);
  if ('error' in validation) return ctx.fail(validation.error);
  let printed = 0;
  const show = (o: DocumentOutcome) => {
    if (!print.output || !o.object) return ctx.stdout(o.message + '\n');
    // The YAML printer separates the objects it prints with `---`.
    if (print.output === 'yaml') ctx.stdout((printed++ ? '---\n' : '') + toYaml(o.object));
    else if (print.output === 'json') ctx.stdout(toJson(o.object));
    else ctx.stdout(printName([o.object], ctx.discovery()));
  };
  eachInOrder(
    files,
    (file, next) => {
      // net: a URL is fetched: the bundled copies of well-known manifests, else no network.
      const fetched = /^https?:\/\//.test(file) ? fetchManifestUrl(file) : undefined;
      if (fetched && 'error' in fetched) {
        ctx.stderr(`${fetched.error}\n`);
        failed = true;
        return next();
      }
      const text = fetched?.text ?? ctx.env.readFile?.(file);
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
            if (o.ok) show(o);
            else {
              failed = true;
              ctx.stderr(errorLine(o, failures) + '\n');
            }
          }
          next();
        },
        mode,
        {
          serverSide: bool(ctx.flags, 'server-side'),
          dryRun: print.dryRun,
          fieldValidation: validation.fieldValidation,
          // crd:
          discovery: ctx.discovery(),
        },
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
