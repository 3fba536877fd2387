/**
 * `kubectl port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT…`: listens on the learner's machine
 * (./localPorts.ts) and carries each connection over POST pods/portforward, which the API server
 * proxies to the kubelet, which asks the runtime to dial the port in the pod (CRI PortForward).
 * A Service's port is translated to its target port first, as kubectl does.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/portforward/portforward.go
 */
import type { Pod, Service } from '../../api/types';
import type { StreamEnd } from '../../sim/stream';
import type { FlagSpec } from '../flags';
import type { ForwardedPort, LocalAnswer } from '../localPorts';
import { attachablePod, upgradeError } from './attachable';
import { apiError, eachInOrder, type Command, type CommandContext } from './context';
import { getObject, lookupResource } from './resources';

const FLAGS: FlagSpec[] = [
  { name: 'address', type: 'string' },
  { name: 'pod-running-timeout', type: 'string' },
];

const USAGE =
  "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples";

interface PortSpec {
  local: number;
  /** A number, or a port name to look up in the pod (or the Service). */
  remote: string;
}

function parsePorts(args: string[]): PortSpec[] | string {
  const out: PortSpec[] = [];
  for (const a of args) {
    const [l, r] = a.includes(':') ? a.split(':') : [a, a];
    const remote = r ?? '';
    if (!/^\d+$/.test(l) && l !== '')
      return `error: Error parsing local port '${l}': strconv.ParseUint: parsing "${l}": invalid syntax`;
    if (remote === '' || (/^\d+$/.test(remote) && (+remote < 1 || +remote > 65535)))
      return `error: Error parsing remote port '${remote}': strconv.ParseUint: parsing "${remote}": invalid syntax`;
    // `:80` picks a random local port; here the remote port number, deterministic.
    out.push({ local: l === '' ? 0 : +l, remote });
  }
  return out;
}

/** A pod's port by number or by the name of a container port. */
function podPort(pod: Pod, remote: string): number | undefined {
  if (/^\d+$/.test(remote)) return +remote;
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) if (p.name === remote) return p.containerPort;
  return undefined;
}

/** A Service's port → the pod's port it targets (portforward.go translateServicePortToTargetPort). */
function servicePort(svc: Service, pod: Pod, remote: string): number | string | undefined {
  const sp = (svc.spec?.ports ?? []).find((p) => String(p.port) === remote || p.name === remote);
  if (!sp) return undefined;
  const t = sp.targetPort ?? sp.port;
  return typeof t === 'number' ? t : podPort(pod, String(t));
}

export const portForwardCommand: Command = {
  name: 'port-forward',
  flags: FLAGS,
  run(ctx) {
    const [target, ...portArgs] = ctx.args;
    if (!target || !portArgs.length) return ctx.fail(USAGE);
    const specs = parsePorts(portArgs);
    if (typeof specs === 'string') return ctx.fail(specs);
    attachablePod(ctx, target.includes('/') ? target : `pod/${target}`, (pod) => {
      if (pod.status?.phase !== 'Running') {
        return ctx.fail(
          `error: unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Pending'}`,
        );
      }
      const type = lookupResource(target.slice(0, target.indexOf('/')));
      const resolve = (svc?: Service) => {
        const ports: { local: number; remote: number }[] = [];
        for (const s of specs) {
          const remote = svc ? servicePort(svc, pod, s.remote) : podPort(pod, s.remote);
          if (typeof remote !== 'number') {
            return ctx.fail(
              svc
                ? `error: Service ${svc.metadata?.name} does not have a service port ${s.remote}`
                : `error: Pod '${pod.metadata?.name}' does not have a named port '${s.remote}'`,
            );
          }
          ports.push({ local: s.local || remote, remote });
        }
        forward(ctx, pod, ports);
      };
      if (type?.kind !== 'Service') return resolve();
      getObject(
        ctx,
        type,
        ctx.namespace,
        target.slice(target.indexOf('/') + 1),
        (o) => resolve(o as Service),
        (r) => ctx.fail(apiError(r)),
      );
    });
  },
};

/** Open one stream per port, listen locally, and carry each connection until Ctrl+C. */
function forward(ctx: CommandContext, pod: Pod, ports: { local: number; remote: number }[]): void {
  const local = ctx.env.localPorts;
  if (!local) return ctx.fail('error: port-forward needs a local machine to listen on');
  const taken = ports.filter((p) => local.list().some((l) => l.local === p.local));
  if (taken.length) {
    const errs = taken
      .map(
        (p) =>
          `unable to create listener: Error listen tcp4 127.0.0.1:${p.local}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:${p.local}: bind: address already in use`,
      )
      .join(' ');
    return ctx.fail(
      `Unable to listen on port ${taken[0].local}: Listeners failed to create with the following errors: [${errs}]\nerror: unable to listen on any of the requested ports: [${taken.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`,
    );
  }
  const namespace = pod.metadata?.namespace ?? ctx.namespace;
  const name = pod.metadata?.name ?? '';
  eachInOrder(
    ports,
    (p, next) =>
      ctx.request(
        {
          verb: 'create',
          resource: 'pods',
          subresource: 'portforward',
          namespace,
          name,
          port: p.remote,
        },
        (r) => {
          if (!r.stream) return ctx.fail(upgradeError(r));
          listen(ctx, pod, p, r.stream);
          next();
        },
      ),
    () => {
      // Headless (nothing streams the output): it goes on in the background, as
      // `kubectl port-forward … &` does, so later steps can `curl localhost:PORT`.
      if (!ctx.env.write) ctx.finish(0);
    },
  );
}

function listen(
  ctx: CommandContext,
  pod: Pod,
  p: { local: number; remote: number },
  stream: StreamEnd,
): void {
  const local = ctx.env.localPorts!;
  let seq = 0;
  const waiting = new Map<number, (a: LocalAnswer) => void>();
  const fwd: ForwardedPort = {
    local: p.local,
    remote: p.remote,
    pod: `pod/${pod.metadata?.name}`,
    namespace: pod.metadata?.namespace ?? ctx.namespace,
    connect(path, answer) {
      ctx.stdout(`Handling connection for ${p.local}\n`);
      const id = ++seq;
      waiting.set(id, answer);
      stream.send({ type: 'request', id, path });
    },
  };
  stream.onFrame((f) => {
    if (f.type !== 'response') return;
    const answer = waiting.get(f.id);
    waiting.delete(f.id);
    answer?.(f);
    if (f.error) {
      ctx.stderr(
        `E0000 portforward.go:413] an error occurred forwarding ${p.local} -> ${p.remote}: ${f.error}\n`,
      );
      local.close(p.local, fwd);
      ctx.fail('error: lost connection to pod');
    }
  });
  local.listen(fwd);
  if (ctx.env.write) ctx.defer(() => local.close(p.local, fwd));
  ctx.stdout(
    `Forwarding from 127.0.0.1:${p.local} -> ${p.remote}\nForwarding from [::1]:${p.local} -> ${p.remote}\n`,
  );
}
