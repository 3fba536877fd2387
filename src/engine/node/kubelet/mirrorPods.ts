/** Mirror pods: the API's view of a kubelet's static pods (k/k: pkg/kubelet/pod/mirror_client.go). */
import type { Node, Pod } from '../../api/types';
import type { Stored } from '../../api/stored';

/**
 * The mirror pod the kubelet creates for a static pod once its Node exists: the config hash,
 * mirror, seen and source annotations, and the Node as its controlling owner.
 */
export function mirrorPod(pod: Pod, node: Stored<Node>, hash: string, seen: string): Pod {
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      annotations: {
        'kubernetes.io/config.hash': hash,
        'kubernetes.io/config.mirror': hash,
        'kubernetes.io/config.seen': seen,
        'kubernetes.io/config.source': 'file',
      },
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Node',
          name: node.metadata.name,
          uid: node.metadata.uid,
          controller: true,
        },
      ],
    },
  };
}
