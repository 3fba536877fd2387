import type { ApiResponse } from '../../apiserver/types';
import type { ContainerRun } from './podStatusBuilder';
import type { ContainerRuntime } from '../runtime/runtime';

/** The query of `GET /containerLogs/<ns>/<pod>/<container>`. */
export interface LogRequest {
  container?: string;
  previous?: boolean;
  tailLines?: number;
  timestamps?: boolean;
}

/**
 * Serve `kubectl logs` for a pod's container from the runtime's CRI log files (one per attempt,
 * lines `<RFC3339Nano> stdout F <text>`), with the kubelet's errors.
 */
export function serveLogs(
  runs: ContainerRun[],
  p: { pod: string; uid: string; kubelet: string; runtime: ContainerRuntime },
  req: LogRequest,
  reply: (r: ApiResponse) => void,
): void {
  const names = runs.filter((r) => !r.init).map((r) => r.spec.name);
  let name = req.container;
  if (!name) {
    if (names.length > 1) {
      const inits = runs.filter((r) => r.init).map((r) => r.spec.name);
      const initPart = inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : '';
      return reply({
        code: 400,
        body: `a container name must be specified for pod ${p.pod}, choose one of: [${names.join(' ')}]${initPart}`,
      });
    }
    name = names[0];
  }
  const r = runs.find((x) => x.spec.name === name);
  if (!r) return reply({ code: 400, body: `container ${name} is not valid for pod ${p.pod}` });
  // kubelet validateContainerLogStatus: --previous reads lastState; otherwise the running
  // container, or the last one that ran (a crash-looping container's last attempt).
  if (req.previous && !r.lastTerminated?.terminated) {
    return reply({
      code: 400,
      body: `previous terminated container "${name}" in pod "${p.pod}" not found`,
    });
  }
  if (!req.previous && r.containerId === undefined && r.state === 'waiting') {
    return reply({
      code: 400,
      body: `container "${name}" in pod "${p.pod}" is waiting to start: ${r.reason ?? 'ContainerCreating'}`,
    });
  }
  const rt = p.runtime;
  // --previous reads the container lastState.terminated names (kubelet
  // validateContainerLogStatus), whatever attempt is being created meanwhile.
  const terminatedId = req.previous
    ? r.lastTerminated?.terminated?.containerID?.replace(/^[a-z-]+:\/\//, '')
    : undefined;
  const attempt =
    terminatedId !== undefined
      ? (rt.attemptOf(terminatedId) ?? r.restartCount - 1)
      : req.previous && r.state !== 'waiting'
        ? r.restartCount - 1
        : r.restartCount;
  rt.call<string>(
    p.kubelet,
    'ReadContainerLog',
    `${name} #${attempt}`,
    (done) => {
      let lines =
        (terminatedId !== undefined
          ? rt.logsById(terminatedId)
          : rt.logsOf(p.uid, name!, attempt)) ?? [];
      if (req.tailLines !== undefined)
        lines = req.tailLines === 0 ? [] : lines.slice(-req.tailLines);
      done(
        lines.map((l) => (req.timestamps ? `${l.time} ${l.text}` : l.text)).join('\n') +
          (lines.length ? '\n' : ''),
      );
    },
    (text) => reply({ code: 200, body: text }),
  );
}
