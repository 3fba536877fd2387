/** The corpus's service/ examples added with the folder-by-folder copy (./k8sExamples). */
import type { Example } from './k8sExampleTypes';

export const SERVICE: Example[] = [
  // "Connect a Frontend to a Backend Using Services".
  { file: 'service/access/backend-deployment.yaml', ends: { running: 3 } },
  { file: 'service/access/backend-service.yaml', ends: { stored: ['service/hello'] } },
  { file: 'service/access/frontend-deployment.yaml', ends: { running: 1 } },
  // type LoadBalancer on kind: no cloud provider, EXTERNAL-IP stays <pending>.
  { file: 'service/access/frontend-service.yaml', ends: { stored: ['service/frontend'] } },
  { file: 'service/access/hello-application.yaml', ends: { running: 2 } },
  { file: 'service/nginx-service.yaml', ends: { stored: ['service/nginx-service'] } },
  { file: 'service/simple-service.yaml', ends: { stored: ['service/my-service'] } },
  { file: 'service/networking/nginx-svc.yaml', ends: { stored: ['service/my-nginx'] } },
];
