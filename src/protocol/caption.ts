/**
 * Captions: one trace event told in plain words, for people who do not know the API's verbs.
 * "kube-scheduler → API server: bind pod web-7d4 to worker-2 (it scored highest; see Why this
 * node?)". A pure function of the event (and, when the caller has it, the event that caused it):
 * sender, receiver, verb, resource and summary are all the trace carries, so nothing is guessed.
 */
import type { TraceEvent } from '../engine/sim/trace';
import type { ImageRegistry } from '../engine/publicImages';

/** A caption and what it points at on the diagram. */
export interface Caption {
  /** The whole sentence: `sender → receiver: what (why)`. */
  text: string;
  /** A few words for the label beside the travelling dot: `bind web-7d4 → worker-2`. */
  short: string;
  /** Component ids of the sender and the receiver. */
  from: string;
  to: string;
  /** The object the message is about, when the trace names it. */
  object?: { kind: string; name: string; namespace?: string };
  /** The technical label (the trace's summary) and the terms of it the glossary explains. */
  technical: string;
  terms: GlossaryTerm[];
}

export type GlossaryTerm = 'txn' | 'RANGE' | 'WATCH' | 'resourceVersion' | 'bind' | 'CRI';

/** One line per term of the technical labels. */
export const GLOSSARY: Readonly<Record<GlossaryTerm, string>> = {
  txn: 'txn: an etcd transaction — compare the stored revision, then write; the only way the API server changes etcd.',
  RANGE: 'RANGE: an etcd read of one key or of every key under a prefix.',
  WATCH:
    'WATCH: a request that stays open; the API server streams every change (ADDED, MODIFIED, DELETED) to the watcher.',
  resourceVersion:
    'resourceVersion (rev): etcd’s revision number when the object was last written; it only grows.',
  bind: 'bind: the scheduler’s answer — it writes the chosen node into the pod (pods/binding).',
  CRI: 'CRI: the Container Runtime Interface, the gRPC calls the kubelet makes to containerd (RunPodSandbox, PullImage, CreateContainer, StartContainer…).',
};

const KINDS: Record<string, string> = {
  deployments: 'Deployment',
  replicasets: 'ReplicaSet',
  pods: 'Pod',
  services: 'Service',
  endpoints: 'Endpoints',
  endpointslices: 'EndpointSlice',
  events: 'Event',
  nodes: 'Node',
  minions: 'Node',
  leases: 'Lease',
  configmaps: 'ConfigMap',
  secrets: 'Secret',
  serviceaccounts: 'ServiceAccount',
  namespaces: 'Namespace',
  jobs: 'Job',
  cronjobs: 'CronJob',
  daemonsets: 'DaemonSet',
  statefulsets: 'StatefulSet',
  persistentvolumeclaims: 'PersistentVolumeClaim',
  persistentvolumes: 'PersistentVolume',
  ingresses: 'Ingress',
  horizontalpodautoscalers: 'HorizontalPodAutoscaler',
  poddisruptionbudgets: 'PodDisruptionBudget',
  resourcequotas: 'ResourceQuota',
  limitranges: 'LimitRange',
  roles: 'Role',
  rolebindings: 'RoleBinding',
  clusterroles: 'ClusterRole',
  clusterrolebindings: 'ClusterRoleBinding',
  controllerrevisions: 'ControllerRevision',
  networkpolicies: 'NetworkPolicy',
};

/** `deployments` → `Deployment`; an unknown plural loses its `s`. */
export function kindOf(resource: string): string {
  const plural = resource.split('?')[0].split('/')[0];
  return KINDS[plural] ?? plural.replace(/s$/, '');
}

/** How a component is called in a caption: `API server`, `kubelet on worker-2`. */
export function participant(id: string): string {
  const [kind, node] = id.split('@');
  const name =
    kind === 'kube-apiserver'
      ? 'API server'
      : kind === 'container-runtime'
        ? 'container runtime'
        : kind === 'kubectl'
          ? 'kubectl (you)'
          : kind;
  return node ? `${name} on ${node}` : name;
}

/** `Pod` → `Pods`, `Endpoints` stays, `NetworkPolicy` → `NetworkPolicies`. */
const plural = (kind: string) =>
  kind.endsWith('s') ? kind : kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;

const a = (word: string) => (/^[AEIOU]/.test(word) ? `an ${word}` : `a ${word}`);

/** `/registry/pods/default/web` → Pod default/web; `/registry/services/specs/ns/n` too. */
function etcdObject(key: string): { kind: string; name: string; namespace?: string } | undefined {
  const parts = key.replace(/^\/registry\//, '').split('/');
  if (parts[0] === 'services' && (parts[1] === 'specs' || parts[1] === 'endpoints')) {
    parts.splice(0, 2, parts[1] === 'specs' ? 'services' : 'endpoints');
  }
  const [resource, ...rest] = parts;
  if (!resource) return undefined;
  const kind = kindOf(resource);
  if (rest.length >= 2 && rest[1]) return { kind, namespace: rest[0], name: rest[1] };
  if (rest.length === 1 && rest[0]) return { kind, name: rest[0] };
  return undefined;
}

function describeObject(o: { kind: string; name: string; namespace?: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** `web-766f8f6986-7s4b7` stays whole: learners match it against the pod on the diagram. */
const WATCH_TYPE: Record<string, string> = {
  ADDED: 'was created',
  MODIFIED: 'changed',
  DELETED: 'was deleted',
  BOOKMARK: 'bookmark',
};

/** Verb names of the CRI, in words: `PullImage` → `pull image`. */
const CRI: Record<string, string> = {
  RunPodSandbox: 'set up the pod’s sandbox (its network and pause container)',
  StopPodSandbox: 'stop the pod’s sandbox',
  RemovePodSandbox: 'remove the pod’s sandbox',
  PullImage: 'pull',
  CreateContainer: 'create container',
  StartContainer: 'start container',
  StopContainer: 'stop container',
  RemoveContainer: 'remove container',
  ReadContainerLog: 'read the log of container',
  ExecSync: 'run a command in container',
  Exec: 'run a command in container',
};

/** `192 MB, about 7 s` for an image the registry knows; empty otherwise. */
export function pullEstimate(ref: string, images: ImageRegistry): string {
  const found = images.lookupImage(ref);
  if (!found.ok) return '';
  const mb = Math.round(found.image.sizeBytes / 1e6);
  const s = Math.max(1, Math.round(images.pullDurationMs(found.image.sizeBytes) / 1000));
  return `${mb} MB, about ${s} s`;
}

function termsOf(ev: TraceEvent): GlossaryTerm[] {
  const t: GlossaryTerm[] = [];
  const s = `${ev.verb} ${ev.summary}`;
  if (/\btxn\b/i.test(s)) t.push('txn');
  if (/\bRANGE\b/i.test(s)) t.push('RANGE');
  if (/\bWATCH\b/.test(s) || ev.kind === 'watch') t.push('WATCH');
  if (/\brev \d+/.test(s)) t.push('resourceVersion');
  if (/^bind\b/.test(ev.summary) || ev.resource === 'pods/binding') t.push('bind');
  if (ev.resource === 'cri') t.push('CRI');
  return t;
}

/** What a request to the API server asks, in words. */
function apiRequest(ev: TraceEvent): { what: string; short: string } {
  const [path, query] = ev.resource.split('?');
  const [resource, sub] = path.split('/');
  const kind = kindOf(resource);
  const only = query ? ` (only ${query.replace(/^fieldSelector=/, '').replace(/=/g, ' = ')})` : '';
  const bind = /^bind (\S+) → (\S+)/.exec(ev.summary);
  if (bind) {
    return {
      what: `bind pod ${bind[1]} to ${bind[2]} (it scored highest; see Why this node?)`,
      short: `bind ${bind[1]} → ${bind[2]}`,
    };
  }
  if (sub === 'log') return { what: 'get a pod’s logs (kubectl logs)', short: 'get logs' };
  if (sub === 'exec') return { what: 'run a command in a pod (kubectl exec)', short: 'exec' };
  if (sub === 'eviction') return { what: 'evict a pod', short: 'evict a pod' };
  if (resource === 'events' && ev.verb === 'POST')
    return {
      what: 'record an Event (what just happened, for kubectl get events)',
      short: 'record an Event',
    };
  if (resource === 'leases' && ev.verb === 'PUT')
    return { what: 'renew its Lease: “I am alive”', short: 'renew Lease' };
  switch (ev.verb) {
    case 'GET':
      // kubectl apply first asks whether the object exists, to create it or send a patch.
      if (ev.from === 'kubectl' && !sub)
        return { what: `is there already ${a(kind)} by this name?`, short: `read ${kind}` };
      return { what: `read ${a(kind)}`, short: `read ${kind}` };
    case 'LIST':
      return { what: `list every ${kind}${only}`, short: `list ${plural(kind)}` };
    case 'WATCH':
      return {
        what: `watch ${plural(kind)}: keep me told of every change${only}`,
        short: `watch ${plural(kind)}`,
      };
    case 'POST':
      if (ev.from === 'kubectl')
        return {
          what: `create ${a(kind)}: here is what you wrote, please store it`,
          short: `create ${kind}`,
        };
      return { what: `create ${a(kind)}`, short: `create ${kind}` };
    case 'PUT':
      return sub === 'status'
        ? { what: `update the status of ${a(kind)}`, short: `update ${kind} status` }
        : { what: `update ${a(kind)}`, short: `update ${kind}` };
    case 'PATCH':
      if (sub === 'status')
        return {
          what:
            resource === 'nodes' ? 'report how its node is doing' : `report ${a(kind)}’s status`,
          short: `report ${kind} status`,
        };
      if (ev.from === 'kubectl')
        return {
          what: `change ${a(kind)}: here is what changed in what you wrote, please store it`,
          short: `apply ${kind}`,
        };
      return { what: `change ${a(kind)}`, short: `change ${kind}` };
    case 'DELETE':
      return { what: `delete ${a(kind)}`, short: `delete ${kind}` };
    default:
      return { what: `${ev.verb.toLowerCase()} ${kind}`, short: `${ev.verb} ${kind}` };
  }
}

/** What a response says: `done (created)`, `not found`. */
function response(ev: TraceEvent): { what: string; short: string } {
  const status = ev.status ?? 0;
  if (ev.resource === 'cri') {
    const verb = CRI[ev.verb] ?? ev.verb;
    return { what: `done: ${verb.replace(/ \(.*\)$/, '')}`, short: `${ev.verb} done` };
  }
  const etcd = /^(TXN|RANGE) ok rev (\d+)/.exec(ev.summary);
  if (etcd) {
    return etcd[1] === 'TXN'
      ? { what: `saved, as revision ${etcd[2]}`, short: `saved (rev ${etcd[2]})` }
      : { what: `here it is (at revision ${etcd[2]})`, short: `read (rev ${etcd[2]})` };
  }
  if (
    /\blogs?\b/.test(ev.summary) ||
    ev.resource.endsWith('/log') ||
    ev.resource.startsWith('/containerLogs')
  ) {
    return status >= 400
      ? { what: `could not get the logs (${status})`, short: `${status} logs` }
      : { what: 'here are the logs', short: 'logs' };
  }
  const kind = kindOf(ev.resource);
  if (status === 404) return { what: `no such ${kind} (404 Not Found)`, short: '404 not found' };
  if (status === 409)
    return { what: `conflict: it changed meanwhile (409)`, short: '409 conflict' };
  if (status === 201) return { what: `done: ${kind} created (201)`, short: `${kind} created` };
  if (status >= 400)
    return {
      // The API server's own words say why (a policy, a quota, RBAC…).
      what: ev.refusal ? `refused (${status}): ${ev.refusal}` : `refused (${status})`,
      short: `${status} refused`,
    };
  if (ev.verb === 'WATCH') return { what: 'watching: changes will follow', short: 'watching' };
  if (ev.verb === 'PUT' || ev.verb === 'PATCH')
    return { what: `done: ${kind} updated (${status})`, short: `${kind} updated` };
  if (ev.verb === 'DELETE')
    return { what: `done: ${kind} deleted (${status})`, short: `${kind} deleted` };
  if (ev.verb === 'LIST' || ev.verb === 'GET')
    return {
      what: `here it is${status ? ` (${status})` : ''}`,
      short: `${status || ''} ${kind}`.trim(),
    };
  return { what: `done${status ? ` (${status})` : ''}`, short: `${status || 'ok'} ${ev.verb}` };
}

/** Why the sender sent this, from the event that caused it (a watch event it received). */
function because(cause: TraceEvent | undefined, ev: TraceEvent): string {
  if (!cause || cause.to !== ev.from) return '';
  const w = /^WATCH (\S+): (ADDED|MODIFIED|DELETED) (\S+)/.exec(cause.summary);
  if (w) return ` (because it saw ${kindOf(w[1])} ${w[3]} ${WATCH_TYPE[w[2]]})`;
  return '';
}

/**
 * The caption of one trace event. `cause` is the event whose delivery made the sender act, when
 * the caller has it (the latest event of the flow `ev.cause` that reached `ev.from`). `images`:
 * the simulated registry, for a pull's size and time (`engine/publicImages`, which the UI loads on
 * demand); without it, a pull's caption leaves them out (the dots' short labels never use them).
 */
export function captionFor(ev: TraceEvent, cause?: TraceEvent, images?: ImageRegistry): Caption {
  const c = captured(ev, cause, images);
  if (!ev.inferred) return c;
  // Live mode: the message was not seen, only the change it made; say so, and claim no reason
  // (a real scheduler's scores are not observable).
  const text = c.text.replace(' (it scored highest; see Why this node?)', '');
  return { ...c, text: `Inferred from a watch event: ${text}` };
}

function captured(ev: TraceEvent, cause?: TraceEvent, images?: ImageRegistry): Caption {
  const from = participant(ev.from);
  const to = participant(ev.to);
  const base = { from: ev.from, to: ev.to, technical: ev.summary, terms: termsOf(ev) };
  const say = (what: string, short: string, object?: Caption['object']): Caption => ({
    ...base,
    text: ev.kind === 'stage' ? `${from}: ${what}` : `${from} → ${to}: ${what}`,
    short,
    object,
  });

  if (ev.kind === 'stage') {
    const [stage, ...rest] = ev.summary.split(': ');
    const detail = rest.join(': ');
    const words: Record<string, string> = {
      authentication: 'checks who is asking',
      authorization: 'checks they are allowed to',
      'mutating admission': 'fills in defaults',
      validation: 'checks the object is valid',
      'validating admission': 'runs the last policy checks',
      'iptables-restore': 'rewrites its iptables rules, so Service traffic reaches the pods',
    };
    return say(`${words[stage] ?? stage}${detail ? ` — ${detail}` : ''}`, ev.summary);
  }

  // net: a connection a NetworkPolicy denies, dropped by the network plugin at the receiving node.
  if (ev.verb === 'DROP' && ev.resource === 'networkpolicy') {
    const why = ev.summary.replace(/^DROP [^:]*: /, '');
    return say(
      `the packet is dropped at the destination node — ${why}; nothing answers, the client times out`,
      `dropped: ${why.replace(/^denied \w+ by /, '')}`,
    );
  }

  // etcd: the API server's only store.
  if (ev.to === 'etcd' && ev.kind === 'request') {
    const obj = etcdObject(ev.resource);
    const m = /^txn (create|update|delete)/.exec(ev.summary);
    if (m && obj) {
      const op = { create: 'save the new', update: 'save the changed', delete: 'delete' }[m[1]];
      return say(
        `${op} ${describeObject(obj)}`,
        `${m[1] === 'delete' ? 'delete' : 'save'} ${obj.name}`,
        obj,
      );
    }
    if (ev.verb === 'RANGE') {
      if (obj) return say(`read ${describeObject(obj)}`, `read ${obj.name}`, obj);
      const prefix = ev.resource.replace(/^\/registry\//, '').split('/');
      return say(
        `read every ${kindOf(prefix[0])}${prefix[1] ? ` in ${prefix[1]}` : ''}`,
        `read ${prefix[0]}`,
      );
    }
  }
  if (ev.from === 'etcd' && ev.kind === 'watch') {
    const obj = etcdObject(ev.resource);
    const rev = /rev (\d+)/.exec(ev.summary)?.[1];
    const what = ev.verb === 'DELETE' ? 'was deleted' : 'was written';
    if (obj)
      return say(
        `${describeObject(obj)} ${what}${rev ? ` (revision ${rev})` : ''} — the API server tells everyone watching`,
        `${obj.name} ${ev.verb === 'DELETE' ? 'deleted' : 'written'}`,
        obj,
      );
  }

  // Watch events: the API server tells a component what changed.
  if (ev.kind === 'watch') {
    const w = /^WATCH (\S+): (\S+) (\S+)/.exec(ev.summary);
    if (w) {
      const kind = kindOf(w[1]);
      const object = { kind, name: w[3] };
      return say(
        `${kind} ${w[3]} ${WATCH_TYPE[w[2]] ?? w[2].toLowerCase()} (it watches ${plural(kind)})`,
        `${kind} ${w[3]} ${w[2].toLowerCase()}`,
        object,
      );
    }
  }

  // The container runtime, called by the kubelet over the CRI.
  if (ev.resource === 'cri' && ev.kind === 'request') {
    const arg = ev.summary.slice(ev.verb.length + 1).replace(/ #\d+$/, '');
    if (ev.verb === 'PullImage') {
      const est = images ? pullEstimate(arg, images) : '';
      return say(`pull ${arg}${est ? ` (${est})` : ''}`, `pull ${arg}`);
    }
    if (ev.verb === 'RunPodSandbox') {
      return say(
        `set up the sandbox of pod ${arg} (its network and pause container)`,
        `sandbox ${arg}`,
        {
          kind: 'Pod',
          name: arg,
        },
      );
    }
    const verb = CRI[ev.verb] ?? ev.verb;
    return say(`${verb} ${arg}`.trim(), `${ev.verb.replace(/Container$/, '')} ${arg}`.trim());
  }

  // API server → kubelet: the proxied log and exec requests.
  const logs = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/?]+)/.exec(ev.resource);
  if (logs && ev.kind === 'request') {
    return say(
      `fetch the logs of container ${logs[3]} in pod ${logs[2]} (for kubectl logs)`,
      `logs of ${logs[2]}`,
      {
        kind: 'Pod',
        namespace: logs[1],
        name: logs[2],
      },
    );
  }

  if (ev.kind === 'response') {
    const r = response(ev);
    return say(r.what, r.short);
  }
  if (ev.to === 'kube-apiserver' && ev.kind === 'request') {
    const r = apiRequest(ev);
    const bound = /^bind (\S+) → /.exec(ev.summary);
    return say(
      r.what + (r.what.includes('(') ? '' : because(cause, ev)),
      r.short,
      bound ? { kind: 'Pod', name: bound[1] } : undefined,
    );
  }
  return say(ev.summary, ev.summary);
}
