/**
 * `kubectl api-resources [--namespaced=BOOL] [--api-group=G] [-o wide|name] [--no-headers]`.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/apiresources/apiresources.go
 */
import { HPA_V1 } from '../../api/hpaV1';
import { CATEGORY_ALL, resourceVerbs, type ResourceInfo } from '../../api/resources';
import { REVIEWS } from '../../api/reviews';
import { bool, str, type FlagSpec } from '../flags';
import { printTable } from '../table';
import type { Command } from './context';
import { ALL_RESOURCES } from './resources';

const FLAGS: FlagSpec[] = [
  { name: 'namespaced', type: 'bool' },
  { name: 'api-group', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'no-headers', type: 'bool' },
  { name: 'sort-by', type: 'string' },
  { name: 'verbs', type: 'strings' },
];

/** The verbs discovery lists for a resource. */
/** The verbs discovery lists for a resource, comma-separated as kubectl v1.31 prints them. */
function verbsOf(r: ResourceInfo): string {
  if (r.kind === 'ComponentStatus') return 'get,list';
  if (REVIEWS.includes(r)) return 'create';
  if (r.crd) return 'delete,deletecollection,get,list,patch,create,update,watch';
  return resourceVerbs(r).join(',');
}

/** Its categories: `all` for the workloads, a CRD's own. */
function categoriesOf(r: ResourceInfo): string {
  if (r.crd) return (r.crd.spec.names.categories ?? []).join(',');
  return CATEGORY_ALL.has(r.kind) ? 'all' : '';
}

/**
 * The resources in discovery order, as api-resources sorts them: stably by API group (core
 * first), alphabetically within a group.
 */
export function discoveryOrder(custom: readonly ResourceInfo[] = []): ResourceInfo[] {
  // crd: the custom resources discovery lists join the built-ins, sorted the same way; so do the
  // access reviews (authz), which are served though never stored.
  return [...ALL_RESOURCES, ...REVIEWS, ...custom].sort((a, b) =>
    a.group < b.group
      ? -1
      : a.group > b.group
        ? 1
        : a.plural < b.plural
          ? -1
          : a.plural > b.plural
            ? 1
            : 0,
  );
}

export const apiResourcesCommand: Command = {
  name: 'api-resources',
  flags: FLAGS,
  run(ctx) {
    const output = str(ctx.flags, 'output');
    if (output && output !== 'wide' && output !== 'name') {
      return ctx.fail(`error: --output wide or name is the only supported output format`);
    }
    let list = discoveryOrder(ctx.discovery());
    if (ctx.flags.changed.has('namespaced')) {
      const ns = bool(ctx.flags, 'namespaced');
      list = list.filter((r) => r.namespaced === ns);
    }
    const group = str(ctx.flags, 'api-group');
    if (group !== undefined) list = list.filter((r) => r.group === group);
    const sortBy = str(ctx.flags, 'sort-by');
    if (sortBy === 'name')
      list.sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
    if (sortBy === 'kind') list.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
    if (output === 'name') {
      ctx.stdout(
        list.map((r) => (r.group ? `${r.plural}.${r.group}\n` : `${r.plural}\n`)).join(''),
      );
      return ctx.finish(0);
    }
    const headers = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'];
    if (output === 'wide') headers.push('VERBS', 'CATEGORIES');
    const rows = list.map((r) => {
      const row = [r.plural, r.shortNames.join(','), r.apiVersion, String(r.namespaced), r.kind];
      if (output === 'wide') row.push(verbsOf(r), categoriesOf(r));
      return row;
    });
    const table = printTable(headers, rows);
    ctx.stdout(bool(ctx.flags, 'no-headers') ? table.slice(table.indexOf('\n') + 1) : table);
    ctx.finish(0);
  },
};

// corpus-policy:
/**
 * `kubectl api-versions`: every group/version the server serves, as discovery lists them,
 * sorted as Go's sort.Strings sorts them (so the core `v1` comes last).
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/apiresources/apiversions.go
 */
export const apiVersionsCommand: Command = {
  name: 'api-versions',
  flags: [],
  run(ctx) {
    // hpa: autoscaling/v1 is served beside the preferred v2 (api-resources lists only v2).
    const all = [...ALL_RESOURCES, ...REVIEWS, HPA_V1, ...ctx.discovery()];
    const versions = [...new Set(all.map((r) => r.apiVersion))].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    ctx.stdout(versions.map((v) => `${v}\n`).join(''));
    return ctx.finish(0);
  },
};
