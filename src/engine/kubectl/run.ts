import { isStatus, kubectlErrorLine } from '../apiserver/errors';
import type { ListBody } from '../apiserver/types';
import { resourceForName } from '../api/resources';
import type { KubeObject } from '../api/types';
import { applyManifest, type Requester } from './apply';
import { printGet, printName } from './printers';
import { noResourcesMessage } from './table';
import { toJson, toYaml } from './output';

/** What kubectl needs from its surroundings. */
export interface KubectlEnv {
  request: Requester;
  /** The current instant in Unix ms (for AGE columns). */
  now: () => number;
  /** Files `-f` may name (the CLI reads the disk, the UI gives its editor buffers). */
  readFile?: (name: string) => string | undefined;
  /** The namespace of the current context. */
  namespace?: string;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Split a command line as a shell would (quotes, backslashes); a leading `kubectl` is dropped. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else cur += ch;
  }
  if (has || cur) out.push(cur);
  if (out[0] === 'kubectl') out.shift();
  return out;
}

/** Parsed flags: `-o wide`, `--output=wide`, `-n x`, `-A`, `-f file`, `-l a=b`. */
export interface Flags {
  positional: string[];
  values: Map<string, string[]>;
  bools: Set<string>;
}

const VALUE_FLAGS = new Map<string, string>([
  ['-o', 'output'],
  ['--output', 'output'],
  ['-n', 'namespace'],
  ['--namespace', 'namespace'],
  ['-f', 'filename'],
  ['--filename', 'filename'],
  ['-l', 'selector'],
  ['--selector', 'selector'],
  ['--field-selector', 'field-selector'],
  ['-c', 'container'],
  ['--container', 'container'],
  ['--tail', 'tail'],
  ['--grace-period', 'grace-period'],
  ['--cascade', 'cascade'],
  ['--replicas', 'replicas'],
  ['--image', 'image'],
]);
const BOOL_FLAGS = new Map<string, string>([
  ['-A', 'all-namespaces'],
  ['--all-namespaces', 'all-namespaces'],
  ['--show-labels', 'show-labels'],
  ['-p', 'previous'],
  ['--previous', 'previous'],
  ['--timestamps', 'timestamps'],
  ['-w', 'watch'],
  ['--watch', 'watch'],
  ['--no-headers', 'no-headers'],
  ['--all', 'all'],
  ['-f', 'follow'],
]);

export function parseFlags(
  args: string[],
  boolOverrides: string[] = [],
): Flags | { error: string } {
  const f: Flags = { positional: [], values: new Map(), bools: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '-') {
      f.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (boolOverrides.includes(flag) && BOOL_FLAGS.has(flag)) {
      f.bools.add(BOOL_FLAGS.get(flag)!);
      continue;
    }
    const vname = VALUE_FLAGS.get(flag);
    if (vname) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined)
        return { error: `error: flag needs an argument: '${flag.replace(/^-+/, '')}' in ${flag}` };
      f.values.set(vname, [...(f.values.get(vname) ?? []), v]);
      continue;
    }
    const bname = BOOL_FLAGS.get(flag);
    if (bname) {
      f.bools.add(bname);
      continue;
    }
    if (/^-o\w+/.test(a)) {
      f.values.set('output', [a.slice(2)]);
      continue;
    }
    return { error: `error: unknown flag: ${flag}\nSee 'kubectl --help' for usage.` };
  }
  return f;
}

const ok = (stdout: string): KubectlResult => ({ stdout, stderr: '', exitCode: 0 });
const err = (stderr: string, exitCode = 1): KubectlResult => ({
  stdout: '',
  stderr: stderr.endsWith('\n') ? stderr : stderr + '\n',
  exitCode,
});

/** Run one kubectl command line against the cluster; the result arrives when its requests finish. */
export function runKubectl(env: KubectlEnv, line: string, done: (r: KubectlResult) => void): void {
  const argv = tokenize(line);
  const cmd = argv.shift();
  const ns = () => (flags as Flags).values.get('namespace')?.[0] ?? env.namespace ?? 'default';
  if (!cmd) return done(err(USAGE));
  const flags = parseFlags(argv, cmd === 'logs' ? ['-f'] : []);
  if ('error' in flags) return done(err(flags.error));
  switch (cmd) {
    case 'get':
      return get(env, flags, ns(), done);
    case 'apply':
    case 'create':
    case 'delete': {
      const files = flags.values.get('filename');
      if (!files) {
        if (cmd === 'delete') return deleteByName(env, flags, ns(), done);
        return done(
          err(`error: must specify one of -f and -k\n\nerror: no objects passed to ${cmd}`),
        );
      }
      const text = env.readFile?.(files[0]);
      if (text === undefined) return done(err(`error: the path "${files[0]}" does not exist`));
      return applyManifest(
        text,
        files[0],
        ns(),
        env.request,
        (outcomes) => {
          const stdout = outcomes
            .filter((o) => o.ok)
            .map((o) => o.message + '\n')
            .join('');
          const stderr = outcomes
            .filter((o) => !o.ok)
            .map((o) => o.message + '\n')
            .join('');
          done({ stdout, stderr, exitCode: stderr ? 1 : 0 });
        },
        cmd,
      );
    }
    case 'logs':
      return logs(env, flags, ns(), done);
    default:
      return done(
        err(
          `error: unknown command "${cmd}" for "kubectl"\n\nDid you mean this?\n\tget\n\tapply\n\tlogs\n\nRun 'kubectl --help' for usage.`,
        ),
      );
  }
}

const USAGE = `kubectl controls the Kubernetes cluster manager.

Basic Commands:
  get            Display one or many resources
  apply          Apply a configuration to a resource by file name
  delete         Delete resources by file names, resources and names
  logs           Print the logs for a container in a pod

Usage:
  kubectl [flags] [options]`;

function get(
  env: KubectlEnv,
  flags: Flags,
  namespace: string,
  done: (r: KubectlResult) => void,
): void {
  const [what, name] = flags.positional;
  if (!what) {
    return done(
      err(
        `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples`,
      ),
    );
  }
  const info = resourceForName(what);
  if (!info) return done(err(`error: the server doesn't have a resource type "${what}"`));
  const all = flags.bools.has('all-namespaces');
  const nsParam = info.namespaced && !all ? namespace : undefined;
  const output = flags.values.get('output')?.[0];
  const render = (items: KubeObject[]): KubectlResult => {
    if (output === 'yaml') return ok(toYaml(items.length === 1 && name ? items[0] : listOf(items)));
    if (output === 'json')
      return ok(toJson(items.length === 1 && name ? items[0] : listOf(items)) + '\n');
    if (output === 'name') return ok(printName(items));
    if (output && output !== 'wide')
      return done(
        err(
          `error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
        ),
      ) as never;
    if (items.length === 0)
      return {
        stdout: '',
        stderr: noResourcesMessage(all || !info.namespaced ? undefined : namespace) + '\n',
        exitCode: 0,
      };
    return ok(
      printGet(info.kind, items, {
        now: env.now(),
        wide: output === 'wide',
        allNamespaces: all && info.namespaced,
        showLabels: flags.bools.has('show-labels'),
      }),
    );
  };
  if (name) {
    env.request(
      { verb: 'get', resource: info.plural, namespace: nsParam ?? namespace, name },
      (r) => {
        if (r.code !== 200)
          return done(err(isStatus(r.body) ? kubectlErrorLine(r.body) : String(r.body)));
        done(render([r.body as KubeObject]));
      },
    );
    return;
  }
  env.request(
    {
      verb: 'list',
      resource: info.plural,
      namespace: nsParam,
      labelSelector: flags.values.get('selector')?.[0],
      fieldSelector: flags.values.get('field-selector')?.[0],
    },
    (r) => {
      if (r.code !== 200)
        return done(err(isStatus(r.body) ? kubectlErrorLine(r.body) : String(r.body)));
      done(render((r.body as ListBody).items));
    },
  );
}

function listOf(items: KubeObject[]): KubeObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } } as KubeObject;
}

function deleteByName(
  env: KubectlEnv,
  flags: Flags,
  namespace: string,
  done: (r: KubectlResult) => void,
): void {
  const [what, ...names] = flags.positional;
  const info = what ? resourceForName(what) : undefined;
  if (!info)
    return done(
      err(
        what
          ? `error: the server doesn't have a resource type "${what}"`
          : 'error: You must provide one or more resources by argument or filename.',
      ),
    );
  if (names.length === 0)
    return done(err(`error: resource(s) were provided, but no name was specified`));
  let stdout = '';
  let stderr = '';
  const gp = flags.values.get('grace-period')?.[0];
  const next = (i: number): void => {
    if (i >= names.length) return done({ stdout, stderr, exitCode: stderr ? 1 : 0 });
    env.request(
      {
        verb: 'delete',
        resource: info.plural,
        namespace: info.namespaced ? namespace : undefined,
        name: names[i],
        gracePeriodSeconds: gp !== undefined ? Number(gp) : undefined,
      },
      (r) => {
        if (r.code < 300) stdout += `${info.kubectlType} "${names[i]}" deleted\n`;
        else stderr += (isStatus(r.body) ? kubectlErrorLine(r.body) : String(r.body)) + '\n';
        next(i + 1);
      },
    );
  };
  next(0);
}

function logs(
  env: KubectlEnv,
  flags: Flags,
  namespace: string,
  done: (r: KubectlResult) => void,
): void {
  let [pod] = flags.positional;
  if (!pod)
    return done(
      err(
        "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
      ),
    );
  if (pod.startsWith('pod/') || pod.startsWith('pods/')) pod = pod.slice(pod.indexOf('/') + 1);
  const tail = flags.values.get('tail')?.[0];
  env.request(
    {
      verb: 'get',
      resource: 'pods',
      subresource: 'log',
      namespace,
      name: pod,
      container: flags.values.get('container')?.[0],
      previous: flags.bools.has('previous'),
      timestamps: flags.bools.has('timestamps'),
      tailLines: tail !== undefined && Number(tail) >= 0 ? Number(tail) : undefined,
    },
    (r) => {
      if (r.code === 200) return done(ok(String(r.body ?? '')));
      if (isStatus(r.body)) return done(err(kubectlErrorLine(r.body)));
      done(err(`Error from server (BadRequest): ${String(r.body)}`));
    },
  );
}
