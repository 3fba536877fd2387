/**
 * `kubectl auth can-i VERB RESOURCE[/NAME] | NONRESOURCEURL` (a SelfSubjectAccessReview),
 * `kubectl auth can-i --list` (a SelfSubjectRulesReview) and `kubectl auth whoami` (a
 * SelfSubjectReview): the API server's RBAC decides; `--as` asks for someone else.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go, whoami.go
 */
import type { KubeObject } from '../../api/types';
import { bool, str, type FlagSpec } from '../flags';
import type { PolicyRule } from '../../apiserver/authorization/rbac';
import { policyRuleRows } from '../describe/rbac';
import { toJson, toYaml } from '../output';
import { printTable } from '../table';
import { apiError, type Command, type CommandContext } from './context';
import { lookupResource } from './resources';

const FLAGS: FlagSpec[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'subresource', type: 'string' },
  { name: 'list', type: 'bool' },
  { name: 'no-headers', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
];

const RESOURCE_VERBS = new Set([
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'use',
  'bind',
  'impersonate',
  '*',
]);
const NON_RESOURCE_VERBS = new Set([
  'get',
  'put',
  'post',
  'head',
  'options',
  'delete',
  'patch',
  '*',
]);
/**
 * The create-only review resources discovery lists (they are answered, never stored, so the
 * resource table does not hold them): plural → group.
 */
const REVIEWS: Record<string, string> = {
  selfsubjectaccessreviews: 'authorization.k8s.io',
  selfsubjectrulesreviews: 'authorization.k8s.io',
  subjectaccessreviews: 'authorization.k8s.io',
  selfsubjectreviews: 'authentication.k8s.io',
  tokenreviews: 'authentication.k8s.io',
};
/** Names the authorizer knows though discovery does not (cani.go nonStandardResourceNames). */
const NON_STANDARD = new Set(['users', 'groups']);

export const authCommand: Command = {
  name: 'auth',
  flags: FLAGS,
  run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (sub === 'can-i') return canI(ctx, rest);
    if (sub === 'whoami') return whoami(ctx);
    if (!sub) {
      ctx.stdout(AUTH_HELP);
      return ctx.finish(0);
    }
    ctx.fail(
      `error: unknown command "${sub}" for "kubectl auth"\nSee 'kubectl auth -h' for help and examples`,
    );
  },
};

const AUTH_HELP = `Inspect authorization

Available Commands:
  can-i         Check whether an action is allowed
  reconcile     Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects
  whoami        Experimental: Check self subject attributes

Usage:
  kubectl auth [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

interface Review {
  status?: {
    allowed?: boolean;
    reason?: string;
    evaluationError?: string;
    resourceRules?: PolicyRule[];
    nonResourceRules?: PolicyRule[];
    incomplete?: boolean;
    userInfo?: { username?: string; groups?: string[] };
  };
}

function canI(ctx: CommandContext, args: string[]): void {
  const warn = (text: string) => ctx.stderr(`Warning: ${text}\n`);
  // cani.go hands its argument warnings to the warning printer ending in "\n" already, and the
  // printer ends each with one more: a blank line follows them (real kubectl v1.31.9 prints so).
  const warnArg = (text: string) => warn(`${text}\n`);
  const all = bool(ctx.flags, 'all-namespaces');
  const namespace = all ? '' : ctx.namespace;
  const subresource = str(ctx.flags, 'subresource') ?? '';
  if (bool(ctx.flags, 'list')) {
    if (args.length) return ctx.fail('error: list option must be specified with no arguments');
    if (bool(ctx.flags, 'quiet') || all || subresource)
      return ctx.fail(
        "error: list option can't be specified with neither quiet, all-namespaces nor subresource options",
      );
    return post(ctx, 'selfsubjectrulesreviews', { namespace }, (r) => {
      const s = r.status ?? {};
      if (s.incomplete) warn(`the list may be incomplete: ${s.evaluationError ?? ''}`);
      const rules = [
        ...(s.resourceRules ?? []),
        ...(s.nonResourceRules ?? []).map((n) => ({
          verbs: n.verbs,
          nonResourceURLs: n.nonResourceURLs,
        })),
      ];
      const rows = policyRuleRows(rules);
      const table = printTable(['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'], rows);
      ctx.stdout(bool(ctx.flags, 'no-headers') ? table.slice(table.indexOf('\n') + 1) : table);
      ctx.finish(0);
    });
  }
  if (args.length !== 2)
    return ctx.fail(
      "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.",
    );
  const [verb, target] = args;
  let spec: Record<string, unknown>;
  if (target.startsWith('/')) {
    if (subresource) return ctx.fail('error: --subresource can not be used with NonResourceURL');
    if (!NON_RESOURCE_VERBS.has(verb)) warnArg(`verb '${verb}' is not a known verb`);
    spec = { nonResourceAttributes: { verb, path: target } };
  } else {
    const slash = target.indexOf('/');
    const arg = slash < 0 ? target : target.slice(0, slash);
    const name = slash < 0 ? '' : target.slice(slash + 1);
    let resource = arg;
    let group = '';
    let namespaced = true;
    if (arg !== '*') {
      const info = lookupResource(arg.toLowerCase());
      const reviewGroup = REVIEWS[arg.toLowerCase()];
      if (reviewGroup) {
        group = reviewGroup;
        namespaced = false;
      } else if (info) {
        resource = info.plural;
        group = info.group;
        namespaced = info.namespaced;
      } else {
        const dot = arg.indexOf('.');
        const [r, g] = dot < 0 ? [arg, ''] : [arg.slice(0, dot), arg.slice(dot + 1)];
        if (!NON_STANDARD.has(g ? `${r}.${g}` : r))
          warnArg(
            g
              ? `the server doesn't have a resource type '${r}' in group '${g}'`
              : `the server doesn't have a resource type '${r}'`,
          );
      }
    }
    if (!all && resource !== '*') {
      if (!namespaced)
        warnArg(
          group
            ? `resource '${resource}' is not namespace scoped in group '${group}'`
            : `resource '${resource}' is not namespace scoped`,
        );
      if (!RESOURCE_VERBS.has(verb)) warnArg(`verb '${verb}' is not a known verb`);
    }
    spec = {
      resourceAttributes: {
        namespace,
        verb,
        group,
        resource,
        subresource,
        name,
      },
    };
  }
  const quiet = bool(ctx.flags, 'quiet');
  post(ctx, 'selfsubjectaccessreviews', spec, (r) => {
    const s = r.status ?? {};
    if (!quiet) {
      let line = s.allowed ? 'yes' : 'no';
      if (!s.allowed && s.reason) line += ` - ${s.reason}`;
      if (!s.allowed && s.evaluationError) line += ` - ${s.evaluationError}`;
      ctx.stdout(`${line}\n`);
    }
    ctx.finish(s.allowed ? 0 : 1);
  });
}

/** `kubectl auth whoami`: the user the API server authenticated (SelfSubjectReview). */
function whoami(ctx: CommandContext): void {
  post(ctx, 'selfsubjectreviews', undefined, (r) => {
    const info = r.status?.userInfo ?? {};
    const output = str(ctx.flags, 'output');
    if (output === 'json' || output === 'yaml') {
      const obj = {
        kind: 'SelfSubjectReview',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { creationTimestamp: null },
        status: { userInfo: info },
      };
      ctx.stdout(output === 'json' ? toJson(obj as never) : toYaml(obj as never));
      return ctx.finish(0);
    }
    ctx.stdout(
      printTable(
        ['ATTRIBUTE', 'VALUE'],
        [
          ['Username', info.username ?? ''],
          ['Groups', `[${(info.groups ?? []).join(' ')}]`],
        ],
      ),
    );
    ctx.finish(0);
  });
}

/** POST a review and hand its answer on; an error ends the command as kubectl reports it. */
function post(
  ctx: CommandContext,
  resource: string,
  spec: Record<string, unknown> | undefined,
  then: (r: Review) => void,
): void {
  ctx.request(
    {
      verb: 'create',
      resource,
      body: {
        apiVersion:
          resource === 'selfsubjectreviews'
            ? 'authentication.k8s.io/v1'
            : 'authorization.k8s.io/v1',
        metadata: { creationTimestamp: null },
        ...(spec ? { spec } : {}),
      } as unknown as KubeObject,
    },
    (r) => (r.code < 300 ? then(r.body as Review) : ctx.fail(apiError(r))),
  );
}
