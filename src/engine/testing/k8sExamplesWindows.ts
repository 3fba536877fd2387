/**
 * corpus-apps: the corpus's windows/ examples (./k8sExamples), on kind's Linux-only nodes. A pod
 * that selects Windows nodes (`kubernetes.io/os` or the kubelet's older `beta.kubernetes.io/os`
 * label, which kind's nodes still carry as `linux`) stays Pending with the scheduler's text;
 * one without a selector lands on a Linux node, where the Windows image cannot be pulled. The
 * scheduler says `0/4 nodes are available: 1 node(s) had untolerated taint
 * {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector.`
 */
import type { Example } from './k8sExampleTypes';

export const WINDOWS_UNSCHEDULABLE =
  "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector.";

export const WINDOWS: Example[] = [
  ...[
    'configmap-pod.yaml',
    'emptydir-pod.yaml',
    'hostpath-volume-pod.yaml',
    'run-as-username-container.yaml',
    'run-as-username-pod.yaml',
    'simple-pod.yaml',
  ].map((file): Example => ({ file: `windows/${file}`, ends: { status: ['Pending'] } })),
  // No Windows node: the DaemonSet makes no pod.
  { file: 'windows/daemonset.yaml', ends: { stored: ['daemonset.apps/my-daemonset'] } },
  // No nodeSelector: scheduled on Linux workers, where microsoft/iis has nothing to pull.
  ...['deploy-hyperv.yaml', 'deploy-resource.yaml'].map((file): Example => ({
    file: `windows/${file}`,
    ends: { status: ['ErrImagePull', 'ImagePullBackOff'] },
  })),
  // imagePullPolicy Never and no such image on the node (checked before the missing Secret).
  { file: 'windows/secret-pod.yaml', ends: { status: ['ErrImageNeverPull'] } },
];
