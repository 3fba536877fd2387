/**
 * The manifests a learner applies to get ingress-nginx, served offline: `kubectl apply -f` of
 * the well-known URLs reads these copies (every other URL fails as kubectl does without
 * internet access).
 *
 * DEPLOY is kind's examples/ingress/deploy-ingress-nginx.yaml (ingress-nginx v1.12.1's kind
 * provider manifest, Apache-2.0, The Kubernetes Authors), keeping the objects this cluster
 * serves: the Namespace, ServiceAccount, ConfigMap, the controller's Services and Deployment, and
 * the IngressClass `nginx`. Left out: the RBAC objects (Role, ClusterRole and their bindings: the
 * simulated API server authorizes every client), the admission webhook (its
 * ValidatingWebhookConfiguration and the two kube-webhook-certgen Jobs that make its certificate
 * Secret), and with them the controller's `--validating-webhook*` flags and the `webhook-cert`
 * volume, which would wait for that Secret. The image's digest pin is dropped (the registry serves
 * the tag).
 */
const LABELS = `    app.kubernetes.io/component: controller
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/part-of: ingress-nginx
    app.kubernetes.io/version: 1.12.1`;

export const INGRESS_NGINX_DEPLOY = `apiVersion: v1
kind: Namespace
metadata:
  labels:
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/name: ingress-nginx
  name: ingress-nginx
---
apiVersion: v1
automountServiceAccountToken: true
kind: ServiceAccount
metadata:
  labels:
${LABELS}
  name: ingress-nginx
  namespace: ingress-nginx
---
apiVersion: v1
data: null
kind: ConfigMap
metadata:
  labels:
${LABELS}
  name: ingress-nginx-controller
  namespace: ingress-nginx
---
apiVersion: v1
kind: Service
metadata:
  labels:
${LABELS}
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - appProtocol: http
    name: http
    port: 80
    protocol: TCP
    targetPort: http
  - appProtocol: https
    name: https
    port: 443
    protocol: TCP
    targetPort: https
  selector:
    app.kubernetes.io/component: controller
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/name: ingress-nginx
  type: LoadBalancer
---
apiVersion: v1
kind: Service
metadata:
  labels:
${LABELS}
  name: ingress-nginx-controller-admission
  namespace: ingress-nginx
spec:
  ports:
  - appProtocol: https
    name: https-webhook
    port: 443
    targetPort: webhook
  selector:
    app.kubernetes.io/component: controller
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/name: ingress-nginx
  type: ClusterIP
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
${LABELS}
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  minReadySeconds: 0
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app.kubernetes.io/component: controller
      app.kubernetes.io/instance: ingress-nginx
      app.kubernetes.io/name: ingress-nginx
  strategy:
    rollingUpdate:
      maxUnavailable: 1
    type: RollingUpdate
  template:
    metadata:
      labels:
    ${LABELS.replace(/\n/g, '\n    ')}
    spec:
      containers:
      - args:
        - /nginx-ingress-controller
        - --election-id=ingress-nginx-leader
        - --controller-class=k8s.io/ingress-nginx
        - --ingress-class=nginx
        - --configmap=$(POD_NAMESPACE)/ingress-nginx-controller
        - --watch-ingress-without-class=true
        - --publish-status-address=localhost
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: LD_PRELOAD
          value: /usr/local/lib/libmimalloc.so
        image: registry.k8s.io/ingress-nginx/controller:v1.12.1
        imagePullPolicy: IfNotPresent
        livenessProbe:
          failureThreshold: 5
          httpGet:
            path: /healthz
            port: 10254
            scheme: HTTP
          initialDelaySeconds: 10
          periodSeconds: 10
          successThreshold: 1
          timeoutSeconds: 1
        name: controller
        ports:
        - containerPort: 80
          hostPort: 80
          name: http
          protocol: TCP
        - containerPort: 443
          hostPort: 443
          name: https
          protocol: TCP
        - containerPort: 8443
          name: webhook
          protocol: TCP
        readinessProbe:
          failureThreshold: 3
          httpGet:
            path: /healthz
            port: 10254
            scheme: HTTP
          initialDelaySeconds: 10
          periodSeconds: 10
          successThreshold: 1
          timeoutSeconds: 1
        resources:
          requests:
            cpu: 100m
            memory: 90Mi
      dnsPolicy: ClusterFirst
      nodeSelector:
        kubernetes.io/os: linux
      serviceAccountName: ingress-nginx
      terminationGracePeriodSeconds: 0
      tolerations:
      - effect: NoSchedule
        key: node-role.kubernetes.io/master
        operator: Equal
      - effect: NoSchedule
        key: node-role.kubernetes.io/control-plane
        operator: Equal
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  labels:
${LABELS}
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
`;

/** The URLs the kind and ingress-nginx docs give for it, and the copy each serves. */
export const BUNDLED_MANIFESTS: Readonly<Record<string, string>> = {
  'https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml': INGRESS_NGINX_DEPLOY,
  'https://raw.githubusercontent.com/kubernetes/ingress-nginx/main/deploy/static/provider/kind/deploy.yaml':
    INGRESS_NGINX_DEPLOY,
  'https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.12.1/deploy/static/provider/kind/deploy.yaml':
    INGRESS_NGINX_DEPLOY,
};

/**
 * `kubectl apply -f <url>`: the bundled copy, or the error kubectl prints when the URL cannot be
 * fetched (the simulated machine has no internet: the name does not resolve).
 */
export function fetchManifestUrl(url: string): { text: string } | { error: string } {
  const text = BUNDLED_MANIFESTS[url];
  if (text !== undefined) return { text };
  const host = /^https?:\/\/([^/:?#]+)/.exec(url)?.[1] ?? url;
  return { error: `error: Get "${url}": dial tcp: lookup ${host}: no such host` };
}
