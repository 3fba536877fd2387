/**
 * The pods' processes that talk to the API server, by image: kindnetd's network policy agent,
 * ingress-nginx's controller and kind's local-path-provisioner. Each runs while its container does, as `pod:<ns>/<name>`.
 * ingress-nginx's is loaded on demand (../onDemand.ts): only a learner's `kubectl apply` deploys it.
 */
import type { ClusterContext } from '../component';
import { NetworkPolicyAgent } from '../node/cni/policyAgent';
import { clientProcessesOf } from '../node/runtime/clientProcesses';
import { LocalPathProvisionerProcess } from '../storage/localPathProvisioner';
import { onDemand } from '../onDemand';

export function registerClientProcesses(ctx: ClusterContext): void {
  const r = clientProcessesOf(ctx.net);
  const id = (input: { namespace: string; podName: string }) =>
    `pod:${input.namespace}/${input.podName}`;
  r.factories.set(
    'docker.io/kindest/kindnetd',
    (input, node) => new NetworkPolicyAgent(ctx, id(input), input, node),
  );
  r.factories.set(
    'registry.k8s.io/ingress-nginx/controller',
    (input, node) => new (onDemand().IngressNginxController)(ctx, id(input), input, node),
  );
  // storage: kind's provisioner of the `standard` StorageClass's volumes.
  r.factories.set(
    'docker.io/kindest/local-path-provisioner',
    (input, node) => new LocalPathProvisionerProcess(ctx, id(input), input, node),
  );
}
