/**
 * The ingress-nginx controller image, as kind's and the project's manifests deploy it
 * (registry.k8s.io/ingress-nginx/controller, v1.12.1 as kind's manifest pins it, compressed linux/amd64 size rounded).
 * Its process is ../../../addons/ingressNginx/controller.ts; these are its start-up lines.
 */
import type { RepoEntry } from './types';

export const INGRESS_IMAGES: Record<string, RepoEntry> = {
  'registry.k8s.io/ingress-nginx/controller': {
    kind: 'server',
    entrypoint: ['/usr/bin/dumb-init', '--'],
    cmd: ['/nginx-ingress-controller'],
    tags: [[['v1.12.1'], 105_542_410]],
    base: 'busybox',
    bins: ['/nginx-ingress-controller', 'nginx-ingress-controller', '/usr/bin/dumb-init', 'nginx'],
    ports: [80, 443, 8443, 10254],
    banner: [
      '-------------------------------------------------------------------------------',
      'NGINX Ingress controller',
      '  Release:       v1.12.1',
      '  Repository:    https://github.com/kubernetes/ingress-nginx',
      '  nginx version: nginx/1.25.5',
      '',
      '-------------------------------------------------------------------------------',
      '',
    ],
  },
};
