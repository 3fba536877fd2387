/** corpus-apps: the corpus's deployments/ examples (./k8sExamples): ConfigMaps and overprovisioning. */
import type { Example } from './k8sExampleTypes';

export const DEPLOYMENTS: Example[] = [
  // "Node overprovisioning": labelSelector and topologyKey sit beside weight instead of under
  // podAffinityTerm, so strict decoding refuses them.
  {
    file: 'deployments/deployment-with-capacity-reservation.yaml',
    ends: {
      refused:
        'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].labelSelector", unknown field "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].topologyKey"',
    },
  },
  // Its PriorityClass low-priority is one the page creates from a file not among the examples:
  // applied alone, the Priority admission refuses every pod (FailedCreate), none runs.
  {
    file: 'deployments/deployment-with-low-priorityclass.yaml',
    ends: { stored: ['deployment.apps/placeholder-deployment'] },
  },
  // "Updating Configuration via a ConfigMap": the page's ConfigMaps first.
  {
    file: 'deployments/deployment-with-configmap-and-sidecar-container.yaml',
    before: ['create configmap color --from-literal=color=red'],
    ends: { running: 3 },
  },
  {
    file: 'deployments/deployment-with-configmap-as-envvar.yaml',
    before: ['create configmap fruits --from-literal=fruits=apples'],
    ends: { running: 3, logs: 'The basket is full of apples' },
  },
  {
    file: 'deployments/deployment-with-configmap-as-volume.yaml',
    before: ['create configmap sport --from-literal=sport=football'],
    ends: { running: 3, logs: 'My preferred sport is football' },
  },
  {
    file: 'deployments/deployment-with-configmap-two-containers.yaml',
    before: ['create configmap color --from-literal=color=red'],
    ends: { running: 3 },
  },
  {
    file: 'deployments/deployment-with-immutable-configmap-as-volume.yaml',
    before: ['apply -f configmap/immutable-configmap.yaml'],
    ends: { running: 3, logs: 'The name of the company is ACME, Inc.' },
  },
];
