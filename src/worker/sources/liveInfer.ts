/**
 * Live mode's messages: a real cluster's components talk to its API server where we cannot see,
 * but a watch shows what their requests changed. From one watch event (the object before and
 * after), the requests that must have made the change, as trace events marked `inferred`: a pod
 * that gained `spec.nodeName` was bound by kube-scheduler (k/k: pkg/scheduler/schedule_one.go
 * bind → pods/binding); a pod's phase changed because its kubelet patched pods/status (k/k:
 * pkg/kubelet/status/status_manager.go); a Lease in kube-node-lease was renewed by the kubelet
 * of the node it is named after (k/k: pkg/kubelet/nodelease). Who created an object is guessed
 * from its owner: a ReplicaSet's pods come from kube-controller-manager, an unowned object from a
 * client (drawn as the `kubectl` box, though any client may have sent it).
 */
import type { KubeObject, TraceEvent } from '../../protocol';

export const APISERVER = 'kube-apiserver';
export const SCHEDULER = 'kube-scheduler';
export const KCM = 'kube-controller-manager';
export const CLIENT = 'kubectl';
/** Virtual ms per hop: a network message, as the engine's. */
const HOP = 2;

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Numbers the inferred events; one per live source. */
export class Inference {
  private nextId = 1;

  /**
   * The messages a watch event on `resource` (the plural: `pods`) reveals, sent from `now`
   * (virtual ms). `etcdKey` is where the object is stored, `prev` the object as it was
   * (undefined for ADDED), `obj` as it is now.
   */
  infer(
    resource: string,
    etcdKey: string,
    type: WatchType,
    prev: KubeObject | undefined,
    obj: KubeObject,
    now: number,
  ): TraceEvent[] {
    const out: TraceEvent[] = [];
    const name = obj.metadata?.name ?? '';
    let flow = 0;
    let t = now;
    const send = (
      from: string,
      to: string,
      kind: TraceEvent['kind'],
      verb: string,
      res: string,
      summary: string,
      background = false,
    ) => {
      const id = this.nextId++;
      if (!flow) flow = id;
      out.push({
        id,
        from,
        to,
        kind,
        verb,
        resource: res,
        summary,
        sentAt: t,
        arriveAt: t + HOP,
        flow,
        inferred: true,
        ...(background ? { background: true as const } : {}),
      });
      t += HOP;
    };
    /** A write: the client's request, the API server storing it, and a watcher told. */
    const write = (from: string, verb: string, res: string, summary: string, watcher?: string) => {
      send(from, APISERVER, 'request', verb, res, summary);
      const txn = verb === 'DELETE' ? 'delete' : type === 'ADDED' ? 'create' : 'update';
      send(APISERVER, 'etcd', 'request', 'TXN', etcdKey, `txn ${txn} ${etcdKey}`);
      if (watcher)
        send(APISERVER, watcher, 'watch', 'WATCH', resource, `WATCH ${resource}: ${type} ${name}`);
    };

    const creator = creatorOf(obj);
    switch (resource) {
      case 'pods':
        this.pod(type, prev, obj, send, write, creator);
        return out;
      case 'leases': {
        // Only node leases are watched: the kubelet of the node the Lease is named after.
        if (type === 'MODIFIED')
          send(
            `kubelet@${name}`,
            APISERVER,
            'request',
            'PUT',
            'leases',
            `PUT leases ${name}`,
            true,
          );
        return out;
      }
      case 'nodes': {
        if (type !== 'MODIFIED') return out;
        const was = readyOf(prev);
        const is = readyOf(obj);
        // A Ready condition that changed is news; a refreshed heartbeat is background.
        send(
          `kubelet@${name}`,
          APISERVER,
          'request',
          'PATCH',
          'nodes/status',
          `PATCH nodes/status ${name}${was !== is ? ` Ready=${is}` : ''}`,
          was === is,
        );
        return out;
      }
      case 'events':
        return out; // recorded by everyone; drawn as objects in the Events panel
      default: {
        const gen = (o?: KubeObject) => o?.metadata?.generation;
        if (type === 'ADDED') write(creator, 'POST', resource, `POST ${resource} ${name}`, KCM);
        else if (type === 'DELETED')
          write(creator, 'DELETE', resource, `DELETE ${resource} ${name}`, KCM);
        else if (gen(prev) !== gen(obj))
          write(creator, 'PATCH', resource, `PATCH ${resource} ${name}`, KCM);
        else if (JSON.stringify(prev?.status) !== JSON.stringify(obj.status))
          // Status is written by the controller that owns the kind.
          send(
            KCM,
            APISERVER,
            'request',
            'PUT',
            `${resource}/status`,
            `PUT ${resource}/status ${name}`,
          );
        return out;
      }
    }
  }

  private pod(
    type: WatchType,
    prev: KubeObject | undefined,
    obj: KubeObject,
    send: (
      from: string,
      to: string,
      kind: TraceEvent['kind'],
      verb: string,
      res: string,
      summary: string,
    ) => void,
    write: (from: string, verb: string, res: string, summary: string, watcher?: string) => void,
    creator: string,
  ): void {
    const name = obj.metadata?.name ?? '';
    const node = nodeNameOf(obj);
    const kubelet = node ? `kubelet@${node}` : undefined;
    if (type === 'ADDED') {
      // Unbound: the scheduler watches for it; bound already (a DaemonSet's, a static pod's):
      // its kubelet does.
      write(creator, 'POST', 'pods', `POST pods ${name}`, kubelet ?? SCHEDULER);
    } else if (type === 'DELETED') {
      // The kubelet's final delete (grace period 0) once the containers stopped; an unbound pod
      // is deleted by whoever deleted it.
      write(kubelet ?? creator, 'DELETE', 'pods', `DELETE pods ${name}`);
    } else {
      if (!nodeNameOf(prev) && node) {
        send(SCHEDULER, APISERVER, 'request', 'POST', 'pods/binding', `bind ${name} → ${node}`);
        send(
          APISERVER,
          `kubelet@${node}`,
          'watch',
          'WATCH',
          'pods',
          `WATCH pods: MODIFIED ${name}`,
        );
      }
      if (!prev?.metadata?.deletionTimestamp && obj.metadata?.deletionTimestamp) {
        write(creator, 'DELETE', 'pods', `DELETE pods ${name}`, kubelet);
      } else if (kubelet && podState(prev) !== podState(obj)) {
        send(
          kubelet,
          APISERVER,
          'request',
          'PATCH',
          'pods/status',
          `PATCH pods/status ${name} ${podState(obj)}`,
        );
      }
    }
  }
}

function creatorOf(obj: KubeObject): string {
  const owner = obj.metadata?.ownerReferences?.[0];
  return owner ? KCM : CLIENT;
}

export function nodeNameOf(obj: KubeObject | undefined): string | undefined {
  return (obj as { spec?: { nodeName?: string } } | undefined)?.spec?.nodeName || undefined;
}

function readyOf(obj: KubeObject | undefined): string {
  const conditions = (obj as { status?: { conditions?: { type: string; status: string }[] } })
    ?.status?.conditions;
  return conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
}

/** What a kubelet reports of a pod: its phase, and whether it is ready. */
function podState(obj: KubeObject | undefined): string {
  const s = (
    obj as
      { status?: { phase?: string; conditions?: { type: string; status: string }[] } } | undefined
  )?.status;
  const ready = s?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return `${s?.phase ?? 'Pending'}${ready ? ', ready' : ''}`;
}
