/** The corpus's configmap/ and secret/ examples (./k8sExamples): the ConfigMap and Secret pages. */
import type { Example } from './k8sExampleTypes';

export const CONFIG: Example[] = [
  { file: 'configmap/configmap-multikeys.yaml', ends: { stored: ['configmap/special-config'] } },
  {
    file: 'configmap/configmaps.yaml',
    ends: { stored: ['configmap/special-config', 'configmap/env-config'] },
  },
  // The ConfigMap game-demo is on the concept page, not in a file: the volume cannot be set up
  // (FailedMount: configmap "game-demo" not found) and the pod stays ContainerCreating.
  { file: 'configmap/configure-pod.yaml', ends: { status: ['ContainerCreating'] } },
  // printenv exits 0 under restartPolicy Always: it runs again and again.
  {
    file: 'configmap/env-configmap.yaml',
    before: ['create configmap myconfigmap --from-literal=username=k8s-admin'],
    ends: { status: ['CrashLoopBackOff', 'Completed'], logs: 'username=k8s-admin' },
  },
  {
    file: 'configmap/immutable-configmap.yaml',
    ends: { stored: ['configmap/company-name-20150801'] },
  },
  {
    file: 'configmap/new-immutable-configmap.yaml',
    ends: { stored: ['configmap/company-name-20240312'] },
  },
  { file: 'secret/basicauth-secret.yaml', ends: { stored: ['secret/secret-basic-auth'] } },
  // `ls -l` lists the volume and exits 0: the pod restarts again and again.
  { file: 'secret/dotfile-secret.yaml', ends: { status: ['CrashLoopBackOff', 'Completed'] } },
];
