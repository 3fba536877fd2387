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
  // corpus-apps: the rest of secret/ (the Secret concept page's types).
  // Both bootstrap tokens expired in 2020: kubeadm's tokencleaner deletes them at once.
  ...['bootstrap-token-secret-base64.yaml', 'bootstrap-token-secret-literal.yaml'].map(
    (file): Example => ({
      file: `secret/${file}`,
      namespace: 'kube-system',
      ends: { deleted: 'secret/bootstrap-token-5emitj' },
    }),
  ),
  { file: 'secret/dockercfg-secret.yaml', ends: { stored: ['secret/secret-dockercfg'] } },
  // An optional Secret that does not exist: the volume mounts empty and the pod runs.
  { file: 'secret/optional-secret.yaml', ends: { running: 1 } },
  // Its ServiceAccount sa-name does not exist: the token controller deletes the Secret.
  {
    file: 'secret/serviceaccount-token-secret.yaml',
    ends: { deleted: 'secret/secret-sa-sample' },
  },
  // Its annotations are a list: apply reads them as none (Unstructured.GetAnnotations), so the
  // token Secret names no ServiceAccount and validation refuses it.
  {
    file: 'secret/serviceaccount/mysecretname.yaml',
    ends: {
      refused:
        'Secret "mysecretname" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value',
    },
  },
  { file: 'secret/ssh-auth-secret.yaml', ends: { stored: ['secret/secret-ssh-auth'] } },
  // Its placeholders are not base64: the API server cannot decode the data.
  {
    file: 'secret/tls-auth-secret.yaml',
    ends: {
      refused:
        'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 7',
    },
  },
];
