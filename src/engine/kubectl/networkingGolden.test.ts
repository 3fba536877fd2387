/**
 * Golden transcripts of the networking tutorials: the kind ingress flow (kind.sigs.k8s.io
 * /docs/user/ingress/, with the Deployment, Service and Ingress of kubernetes.io's "Set up Ingress
 * on Minikube with the NGINX Ingress Controller") and the "Declare Network Policy" task
 * (content/en/docs/tasks/administer-cluster/declare-network-policy.md). The clusters have kind's
 * kube-system (kindnetd enforces NetworkPolicy). The tutorials' interactive shells
 * (`kubectl run … -ti -- /bin/sh`, then `wget`) are run as one-shot pods whose logs are read.
 * Checked against the outputs the pages print: `networkpolicy.networking.k8s.io/access-nginx
 * created`, `Connecting to nginx (…:80)` then `remote file exists` or `wget: download timed out`;
 * the Ingress's ADDRESS (kind: `localhost`), `Hello, world!` / `Version: 2.0.0` from web2 by host
 * and path. Regenerate with `UPDATE_GOLDEN=1 npx vitest run src/engine/kubectl/networkingGolden.test.ts`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../testing/golden';
import { kubectlTranscript } from '../testing/kubectlTranscript';

const here = dirname(fileURLToPath(import.meta.url));

function golden(name: string, actual: string): void {
  expectGolden(join(here, 'testdata', 'networking', `${name}.golden.txt`), actual);
}

const transcript = (steps: string[], files: Record<string, string> = {}) =>
  kubectlTranscript(steps, files, { workers: 2, cluster: { kubeSystem: true } });

/**
 * The policy of the task as its note describes it ("this policy selects Pods with the label
 * app=nginx"), which `kubectl create deployment nginx` sets; the indexed revision of
 * nginx-policy.yaml selects app.kubernetes.io/name=nginx instead, which those pods lack.
 */
const NGINX_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: access-nginx
spec:
  podSelector:
    matchLabels:
      app: nginx
  ingress:
  - from:
    - podSelector:
        matchLabels:
          access: "true"
`;

/** content/en/examples/service/networking/example-ingress.yaml (v1), with the /v2 path. */
const EXAMPLE_INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: example-ingress
spec:
  ingressClassName: nginx
  rules:
    - host: hello-world.example
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 8080
          - path: /v2
            pathType: Prefix
            backend:
              service:
                name: web2
                port:
                  number: 8080
`;

const DEPLOY = 'https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml';
const CONTROLLER = 'http://ingress-nginx-controller.ingress-nginx';
const curl = (name: string, args: string) =>
  `run ${name} --image=curlimages/curl:8.11.0 --restart=Never -- curl -s ${args}`;

describe('networking golden transcripts', () => {
  it('Declare Network Policy: wget works, the policy makes it time out, access=true works again', () => {
    const wget = (name: string, labels = '') =>
      `run ${name} --image=busybox:1.28 --restart=Never${labels} -- wget --spider --timeout=1 nginx`;
    const out = transcript(
      [
        'create deployment nginx --image=nginx',
        'expose deployment nginx --port=80',
        'wait 20',
        'get svc,pod',
        wget('busybox'),
        'wait 10',
        'logs busybox',
        'apply -f nginx-policy.yaml',
        'wait 2',
        wget('busybox-denied'),
        'wait 10',
        'logs busybox-denied',
        'get pod busybox-denied',
        wget('busybox-access', ' --labels=access=true'),
        'wait 10',
        'logs busybox-access',
        'get networkpolicy',
        'describe networkpolicy access-nginx',
      ],
      { 'nginx-policy.yaml': NGINX_POLICY },
    );
    golden('declare-network-policy', out);
    const denied = out.split('$ kubectl logs busybox-denied')[1].split('$ kubectl')[0];
    expect(denied).toContain('wget: download timed out');
    expect(out.split('$ kubectl logs busybox-access')[1]).toMatch(
      /^\nConnecting to nginx \(10\.\d+\.\d+\.\d+:80\)\nremote file exists\n/,
    );
  });

  it('Ingress with ingress-nginx: apply the controller, web and web2, ADDRESS fills in, requests by host and path', () => {
    const out = transcript(
      [
        `apply -f ${DEPLOY}`,
        'wait 60',
        'get pods -n ingress-nginx',
        'create deployment web --image=gcr.io/google-samples/hello-app:1.0',
        'expose deployment web --type=NodePort --port=8080',
        'create deployment web2 --image=gcr.io/google-samples/hello-app:2.0',
        'expose deployment web2 --port=8080 --type=NodePort',
        'apply -f example-ingress.yaml',
        'get ingress',
        'wait 30',
        'get ingress',
        curl('curl-web', `-H 'Host: hello-world.example' ${CONTROLLER}`),
        curl('curl-web2', `-H 'Host: hello-world.example' ${CONTROLLER}/v2`),
        curl('curl-nohost', CONTROLLER),
        'wait 20',
        'logs curl-web',
        'logs curl-web2',
        'logs curl-nohost',
        'describe ingress example-ingress',
      ],
      { 'example-ingress.yaml': EXAMPLE_INGRESS },
    );
    golden('ingress-nginx', out);
    expect(out).toMatch(/example-ingress +nginx +hello-world\.example +localhost +80/);
    expect(out.split('$ kubectl logs curl-web2')[1]).toContain('Version: 2.0.0');
    expect(out.split('$ kubectl logs curl-nohost')[1]).toContain(
      '<center><h1>404 Not Found</h1></center>',
    );
  });
});
