/**
 * The kubelet's streaming endpoints (k/k: pkg/kubelet/server/server.go getExec, getAttach,
 * getPortForward): it finds the running container, asks the runtime over the CRI (Exec, Attach,
 * PortForward) and proxies the upgraded stream to the API server.
 */
import type { ContainerStreamRequest } from '../../apiserver/registry/core/pod/exec';
import * as errors from '../../apiserver/errors';
import type { ApiResponse } from '../../apiserver/types';
import type { Network } from '../../sim/network';
import { relayHop, streamPair } from '../../sim/stream';
import type { ContainerRuntime } from '../runtime/runtime';
import type { ContainerRun } from './podStatusBuilder';

/** What a pod worker lends to serve a stream. */
export interface StreamHost {
  runs: readonly ContainerRun[];
  uid: string;
  kubelet: string;
  runtime: ContainerRuntime;
  net: Network;
}

/** Serves exec, attach or port-forward for one pod of this kubelet. */
export function serveContainerStream(
  h: StreamHost,
  req: ContainerStreamRequest,
  reply: (r: ApiResponse) => void,
): void {
  const rt = h.runtime;
  const [mine, theirs] = streamPair();
  const upgraded = () => ({
    code: 101,
    stream: relayHop(h.net, h.kubelet, rt.id, mine, 'cri', req.flow),
  });
  if (req.kind === 'portforward') {
    return rt.call<void>(
      h.kubelet,
      'PortForward',
      `${req.pod} :${req.port}`,
      (done) => {
        rt.streaming.portForward(h.uid, req.port ?? 0, theirs);
        done();
      },
      () => reply(upgraded()),
    );
  }
  // findContainer: only a running container can be exec'd into or attached to.
  const run = h.runs.find((r) => r.spec.name === req.container);
  const id = run?.state === 'running' ? run.containerId : undefined;
  if (!id) return reply({ code: 404, body: `container not found ("${req.container}")` });
  const method = req.kind === 'exec' ? 'Exec' : 'Attach';
  rt.call<{ error?: string }>(
    h.kubelet,
    method,
    req.kind === 'exec' ? `${req.container}: ${req.command.join(' ')}` : req.container,
    (done) =>
      done(
        req.kind === 'exec'
          ? rt.streaming.exec(id, req.command, req.stdin, theirs)
          : rt.streaming.attach(id, theirs),
      ),
    (r) => {
      if (!r.error) return reply(upgraded());
      if (r.error.startsWith('container not found')) return reply({ code: 404, body: r.error });
      // runc could not start the process: containerd's error, as an InternalError Status.
      reply({
        code: 500,
        body: errors.internal(
          `error executing command in container: failed to exec in container: failed to start exec "${fakeExecId(id, req.command)}": ${r.error}`,
        ),
      });
    },
  );
}

/** A stable exec id for the error text (containerd's is random; ours must be deterministic). */
function fakeExecId(containerId: string, argv: string[]): string {
  let h = 7;
  for (const ch of containerId + argv.join(' ')) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return (h.toString(16).padStart(8, '0') + containerId).slice(0, 64);
}
