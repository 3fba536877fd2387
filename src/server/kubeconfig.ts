/**
 * The kubeconfig `sim serve` writes, so `kubectl --kubeconfig FILE get pods` reaches it: one
 * cluster, one user with the bearer token, one context (k8s: client-go tools/clientcmd/api/v1).
 */
import { writeFileSync } from 'node:fs';

export function kubeconfigText(server: string, token: string, caCert?: string): string {
  const ca = caCert
    ? `    certificate-authority-data: ${Buffer.from(caCert).toString('base64')}\n`
    : '';
  return `apiVersion: v1
kind: Config
clusters:
- name: kubeglass
  cluster:
${ca}    server: ${server}
contexts:
- name: kubeglass
  context:
    cluster: kubeglass
    user: kubeglass-admin
    namespace: default
current-context: kubeglass
preferences: {}
users:
- name: kubeglass-admin
  user:
    token: ${token}
`;
}

/** Write the kubeconfig readable by its owner only (it holds the token). */
export function writeKubeconfig(
  file: string,
  server: string,
  token: string,
  caCert?: string,
): void {
  writeFileSync(file, kubeconfigText(server, token, caCert), { mode: 0o600 });
}
