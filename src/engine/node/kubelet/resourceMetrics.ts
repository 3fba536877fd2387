/**
 * hpa: the kubelet's `GET /metrics/resource` on port 10250 (k/k: pkg/kubelet/metrics/collectors/
 * resource_metrics.go): cumulative CPU and the working set of the node and of each running
 * container, as cAdvisor reads them from the cgroups. metrics-server scrapes it every 15 s and
 * turns two scrapes into rates. Nothing is measured until someone asks: a cluster without
 * metrics-server never calls this.
 */
import { cpuMillis, memoryBytes } from '../../api/quantity';
import type { ContainerRuntime } from '../runtime/runtime';

/** One container's series (`container_cpu_usage_seconds_total`, `container_memory_working_set_bytes`). */
export interface ContainerSample {
  name: string;
  cpuNanos: number;
  workingSetBytes: number;
}

/** One pod's containers, labelled `namespace`, `pod`. */
export interface PodSample {
  namespace: string;
  name: string;
  containers: ContainerSample[];
}

/** What one scrape of `/metrics/resource` returns, stamped with the kubelet's clock. */
export interface ResourceMetrics {
  node: string;
  /** Virtual ms of the sample. */
  timestamp: number;
  /** `node_cpu_usage_seconds_total` in core-ns, `node_memory_working_set_bytes`. */
  nodeCpuNanos: number;
  nodeWorkingSetBytes: number;
  pods: PodSample[];
}

/**
 * What the node runs outside pods (systemd, containerd, the kubelet; on the control-plane node
 * the control-plane processes): the share `kubectl top nodes` shows on an idle kind node.
 */
function systemOverhead(controlPlane: boolean): { cores: number; bytes: number } {
  return controlPlane
    ? { cores: 0.12, bytes: memoryBytes('520Mi') }
    : { cores: 0.025, bytes: memoryBytes('180Mi') };
}

/** Collects a node's resource metrics now. */
export function collectResourceMetrics(
  node: { name: string; controlPlane: boolean; bootedAt: number },
  pods: Iterable<{ namespace: string; name: string; uid: string }>,
  runtime: ContainerRuntime,
  now: number,
): ResourceMetrics {
  const sys = systemOverhead(node.controlPlane);
  let nodeCpuNanos = Math.round(sys.cores * (now - node.bootedAt) * 1e6);
  let nodeWorkingSetBytes = sys.bytes;
  const out: PodSample[] = [];
  for (const p of pods) {
    const stats = runtime.containerStats(p.uid);
    if (!stats.length) continue;
    const containers = stats.map((s) => ({
      name: s.name,
      cpuNanos: s.cpuNanos,
      workingSetBytes: s.workingSetBytes,
    }));
    for (const c of containers) {
      nodeCpuNanos += c.cpuNanos;
      nodeWorkingSetBytes += c.workingSetBytes;
    }
    out.push({ namespace: p.namespace, name: p.name, containers });
  }
  return { node: node.name, timestamp: now, nodeCpuNanos, nodeWorkingSetBytes, pods: out };
}

/** The node's CPUs in cores, from its configured `cpu` quantity. */
export const coresOf = (cpu: string) => cpuMillis(cpu) / 1000;
