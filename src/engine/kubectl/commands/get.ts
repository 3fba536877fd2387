/**
 * `kubectl get`: tables (default, `-o wide`), `-o yaml|json|name|jsonpath=…|custom-columns=…|
 * go-template=…`, several types and `all`, `-n`, `-A`, `-l`, `--field-selector`, `--show-labels`,
 * `-L`, `--sort-by`, and `-w` (list, then watch).
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/get/get.go
 */
import type { KubeObject } from '../../api/types';
import type { ResourceInfo } from '../../api/resources';
import { servedAt } from '../../api/hpaV1';
import { bool, str, strs, type FlagSpec } from '../flags';
import { parseCustomColumns, printCustomColumns, sortObjects } from '../customColumns';
import { goTemplate } from '../goTemplate';
import { jsonPath, toJson, toYaml } from '../output';
import { printGet, printName } from '../printers';
import { noResourcesMessage } from '../table';
import { apiError, eachInOrder, type Command, type CommandContext } from './context';
import {
  COMPONENT_STATUS,
  getNamedObjects,
  listObjects,
  parseResourceArgs,
  type ResourceRequest,
} from './resources';
import { streamLimit } from './stream';

const FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'field-selector', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'watch-only', type: 'bool' },
  { name: 'show-labels', type: 'bool' },
  { name: 'show-kind', type: 'bool' },
  { name: 'no-headers', type: 'bool' },
  { name: 'sort-by', type: 'string' },
  { name: 'label-columns', short: 'L', type: 'strings' },
  { name: 'filename', short: 'f', type: 'strings' },
];

const ALLOWED_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** The `-o` value, split: `jsonpath={.items}` → `['jsonpath', '{.items}']`. */
function outputFormat(o: string | undefined): { format: string; template?: string } {
  if (!o) return { format: '' };
  const eq = o.indexOf('=');
  return eq < 0 ? { format: o } : { format: o.slice(0, eq), template: o.slice(eq + 1) };
}

const DEPRECATED: Record<string, string> = {
  ComponentStatus: 'Warning: v1 ComponentStatus is deprecated in v1.19+\n',
};

interface Fetched {
  req: ResourceRequest;
  items: KubeObject[];
  resourceVersion: string;
  /** Whether this came from a list (`-o yaml` prints a List). */
  listed: boolean;
}

export const getCommand: Command = {
  name: 'get',
  flags: FLAGS,
  run(ctx) {
    if (ctx.args.length === 0) {
      return ctx.fail(
        `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples`,
      );
    }
    const parsed = parseResourceArgs(ctx.args, ctx.discovery());
    if ('error' in parsed) return ctx.fail(parsed.error);
    const { format, template } = outputFormat(str(ctx.flags, 'output'));
    if (
      format &&
      ![
        'wide',
        'yaml',
        'json',
        'name',
        'jsonpath',
        'custom-columns',
        'go-template',
        'template',
      ].includes(format)
    ) {
      return ctx.fail(
        `error: unable to match a printer suitable for the output format "${format}", allowed formats are: ${ALLOWED_FORMATS}`,
      );
    }
    if (['jsonpath', 'go-template', 'template'].includes(format) && !template) {
      return ctx.fail('error: template format specified but no template given');
    }
    if (format === 'custom-columns') {
      const columns = parseCustomColumns(template);
      if ('error' in columns) return ctx.fail(columns.error);
    }
    const allNs = bool(ctx.flags, 'all-namespaces');
    const watch = bool(ctx.flags, 'watch') || bool(ctx.flags, 'watch-only');
    if (watch && parsed.length !== 1) {
      return ctx.fail(
        `error: watch is only supported on individual resources and resource collections, but ${parsed.length} resources were found`,
      );
    }
    const fetched: Fetched[] = [];
    const errors: string[] = [];
    eachInOrder(
      parsed,
      (req, next) => {
        const warning = DEPRECATED[req.info.kind];
        if (warning) ctx.stderr(warning);
        if (req.names.length === 0) {
          listObjects(
            ctx,
            req.info,
            {
              namespace: allNs ? undefined : ctx.namespace,
              labelSelector: str(ctx.flags, 'selector'),
              fieldSelector: str(ctx.flags, 'field-selector'),
            },
            (items, rv) => {
              fetched.push({ req, items, resourceVersion: rv, listed: true });
              next();
            },
            (r) => {
              errors.push(apiError(r));
              next();
            },
          );
          return;
        }
        const items: KubeObject[] = [];
        getNamedObjects(
          ctx,
          req.info,
          req.names,
          (obj) => items.push(obj),
          errors,
          () => {
            fetched.push({ req, items, resourceVersion: '0', listed: false });
            next();
          },
        );
      },
      () => {
        if (!bool(ctx.flags, 'watch-only')) print(ctx, fetched, format, template, allNs);
        if (errors.length) ctx.stderr(errors.join('\n') + '\n');
        if (watch && fetched.length === 1 && errors.length === 0) {
          return watchOn(ctx, fetched[0], format, allNs);
        }
        ctx.finish(errors.length ? 1 : 0);
      },
    );
  },
};

function print(
  ctx: CommandContext,
  unsorted: Fetched[],
  format: string,
  template: string | undefined,
  allNs: boolean,
): void {
  // --sort-by sorts each type's objects (k8s: get.go, the sorter runs per list).
  const sortBy = str(ctx.flags, 'sort-by');
  const fetched: Fetched[] = [];
  for (const f of unsorted) {
    const items = sortBy ? sortObjects(f.items, sortBy) : f.items;
    if ('error' in items) return ctx.stderr(items.error + '\n');
    fetched.push({ ...f, items });
  }
  const all = fetched.flatMap((f) => f.items.map(servedAt(f.req.info)));
  const single = fetched.length === 1 && !fetched[0].listed && all.length === 1;
  if (format === 'yaml') return ctx.stdout(toYaml(single ? all[0] : all));
  if (format === 'json') return ctx.stdout(toJson(single ? all[0] : all));
  if (format === 'name')
    return ctx.stdout(
      printName(
        all,
        fetched.map((f) => f.req.info),
      ),
    );
  if (format === 'jsonpath' || format === 'go-template' || format === 'template') {
    try {
      const data = single ? all[0] : { apiVersion: 'v1', items: all, kind: 'List' };
      return ctx.stdout(
        format === 'jsonpath' ? jsonPath(template!, data) : goTemplate(template!, data),
      );
    } catch (e) {
      return ctx.stderr(`error: ${(e as Error).message}\n`);
    }
  }
  if (format === 'custom-columns') {
    const columns = parseCustomColumns(template);
    if ('error' in columns) return ctx.stderr(columns.error + '\n');
    if (all.length === 0) return noneFound(ctx, fetched, allNs);
    try {
      return ctx.stdout(printCustomColumns(columns, all, bool(ctx.flags, 'no-headers')));
    } catch (e) {
      return ctx.stderr(`error: ${(e as Error).message}\n`);
    }
  }
  const showKind =
    bool(ctx.flags, 'show-kind') || fetched.length > 1 || fetched.some((f) => f.req.fromAll);
  const tables: string[] = [];
  for (const f of fetched) {
    if (f.items.length === 0) continue;
    tables.push(
      printGet(f.req.info.kind, f.items, {
        info: f.req.info,
        now: ctx.now,
        wide: format === 'wide',
        allNamespaces: allNs && f.req.info.namespaced,
        showLabels: bool(ctx.flags, 'show-labels'),
        labelColumns: labelColumns(ctx),
        showKind,
        noHeaders: bool(ctx.flags, 'no-headers'),
      }),
    );
  }
  if (tables.length) return ctx.stdout(tables.join('\n'));
  noneFound(ctx, fetched, allNs);
}

/** `-L a,b -L c`: the label keys to show as columns. */
function labelColumns(ctx: CommandContext): string[] {
  return strs(ctx.flags, 'label-columns').flatMap((v) => v.split(',').filter(Boolean));
}

/** Nothing listed: kubectl says so on stderr (and nothing for named gets that all failed). */
function noneFound(ctx: CommandContext, fetched: Fetched[], allNs: boolean): void {
  if (fetched.some((f) => f.listed) && !bool(ctx.flags, 'watch')) {
    const namespaced = fetched.some((f) => f.req.info.namespaced);
    ctx.stderr(noResourcesMessage(allNs || !namespaced ? undefined : ctx.namespace) + '\n');
  }
}

/** `-w`: watch from the list's revision and print a row per event (each row aligned alone). */
function watchOn(ctx: CommandContext, f: Fetched, format: string, allNs: boolean): void {
  const info: ResourceInfo = f.req.info;
  if (info === COMPONENT_STATUS) return ctx.finish(0);
  if (!ctx.canWatch) return ctx.fail('error: watch is not available here');
  let headerPrinted = f.items.length > 0 && !bool(ctx.flags, 'watch-only');
  const names = f.req.names;
  ctx.watch(
    {
      resource: info.plural,
      namespace: info.namespaced && !allNs ? ctx.namespace : undefined,
      labelSelector: str(ctx.flags, 'selector') || undefined,
      fieldSelector:
        names.length === 1 ? `metadata.name=${names[0]}` : str(ctx.flags, 'field-selector'),
      resourceVersion: f.listed
        ? f.resourceVersion
        : String(Math.max(0, ...f.items.map((o) => Number(o.metadata?.resourceVersion ?? 0)))),
    },
    (ev) => {
      if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') return;
      const obj = ev.object;
      if (names.length > 1 && !names.includes(obj.metadata?.name ?? '')) return;
      if (format === 'yaml') return ctx.stdout('---\n' + toYaml(obj));
      if (format === 'json') return ctx.stdout(toJson(obj));
      if (format === 'name') return ctx.stdout(printName([obj], [info]));
      const table = printGet(info.kind, [obj], {
        info,
        now: ctx.now,
        wide: format === 'wide',
        allNamespaces: allNs && info.namespaced,
        showLabels: bool(ctx.flags, 'show-labels'),
        labelColumns: labelColumns(ctx),
        noHeaders: headerPrinted || bool(ctx.flags, 'no-headers'),
      });
      headerPrinted = true;
      ctx.stdout(table);
    },
    (r) => {
      if (r.code !== 200) ctx.fail(apiError(r));
    },
  );
  const limit = streamLimit(ctx);
  if (limit !== undefined) ctx.after(limit, () => ctx.finish(0));
}
