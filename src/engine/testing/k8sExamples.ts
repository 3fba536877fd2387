/**
 * What each manifest copied from kubernetes/website's `content/en/examples/` (./k8s-examples) does
 * on a real v1.31 cluster (a fresh kind cluster, no internet access), as the tutorial page that
 * uses it shows. The corpus test applies each one headless and checks it ends in this state.
 *
 * - `ends`: the state the tutorial shows once things settle.
 * - `pending`: a kind another track is adding; until it lands, `kubectl apply` refuses the file
 *   with the real `no matches for kind` text. Deleting the `pending` line makes the test check
 *   `ends` instead.
 * - `offline`: what a real cluster without internet access shows (the tutorial needs the web).
 * - `todo`: what the simulation does not do yet (the test is skipped).
 *
 * The entries of each folder of examples live in a file of their own (./k8sExamplesPods…).
 */
import { quotaTask, type Example } from './k8sExampleTypes';
import { APPLICATION } from './k8sExamplesApplication';
import { CONFIG } from './k8sExamplesConfig';
import { CONTROLLERS } from './k8sExamplesControllers';
import { PODS } from './k8sExamplesPods';
import { SERVICE } from './k8sExamplesService';
// corpus-apps: the folders added by the corpus-apps track.
import { DEBUG } from './k8sExamplesDebug';
import { DEPLOYMENTS } from './k8sExamplesDeployments';
import { WINDOWS } from './k8sExamplesWindows';
import { STORAGE } from './k8sExamplesStorage';
import { MISC } from './k8sExamplesMisc';
import { DRA } from './k8sExamplesDra';
// corpus-policy:
import { ACCESS } from './k8sExamplesAccess';
import { POLICY } from './k8sExamplesPolicy';
import { ADMIN } from './k8sExamplesAdmin';
import { SECURITY } from './k8sExamplesSecurity';

export type { Example, ExampleEnd } from './k8sExampleTypes';

export const EXAMPLES: Example[] = [
  { file: 'admin/dns/busybox.yaml', ends: { running: 1 } },
  {
    file: 'application/basic-daemonset.yaml',
    // The init container copies the node's /etc/machine-id (a hostPath File) to the node's logs.
    ends: { running: 3 },
  },
  {
    file: 'application/canary/app-service.yaml',
    ends: { stored: ['service/rollout-demo-service'] },
  },
  { file: 'application/canary/app-v1-deployment.yaml', ends: { running: 3 } },
  { file: 'application/canary/app-v2-deployment.yaml', ends: { running: 1 } },
  { file: 'application/cassandra/cassandra-service.yaml', ends: { stored: ['service/cassandra'] } },
  {
    file: 'application/cassandra/cassandra-statefulset.yaml',
    // Its StorageClass `fast` names minikube's provisioner, which kind does not run: the claim
    // of cassandra-0 stays Pending, and so does cassandra-0 (the others wait for it, OrderedReady).
    ends: { status: ['Pending'] },
  },
  { file: 'application/deployment-scale.yaml', ends: { running: 4 } },
  { file: 'application/deployment-update.yaml', ends: { running: 2 } },
  { file: 'application/deployment.yaml', ends: { running: 2 } },
  { file: 'application/guestbook/frontend-deployment.yaml', ends: { running: 3 } },
  { file: 'application/guestbook/frontend-service.yaml', ends: { stored: ['service/frontend'] } },
  { file: 'application/guestbook/redis-follower-deployment.yaml', ends: { running: 2 } },
  {
    file: 'application/guestbook/redis-follower-service.yaml',
    ends: { stored: ['service/redis-follower'] },
  },
  { file: 'application/guestbook/redis-leader-deployment.yaml', ends: { running: 1 } },
  {
    file: 'application/guestbook/redis-leader-service.yaml',
    ends: { stored: ['service/redis-leader'] },
  },
  // This stored version still says batch/v1beta1, which v1.25 removed: a v1.31 cluster refuses it
  // whether or not CronJob (batch/v1) is there.
  {
    file: 'application/job/cronjob.yaml',
    ends: {
      refused:
        'resource mapping not found for name: "hello" namespace: "" from "application/job/cronjob.yaml": no matches for kind "CronJob" in version "batch/v1beta1"\nensure CRDs are installed first',
    },
  },
  { file: 'application/php-apache.yaml', ends: { running: 1 } },
  // hpa: the walkthrough's autoscaler (its scaling is checked in kubectl/hpaGolden.test.ts).
  {
    file: 'application/hpa/php-apache.yaml',
    ends: { stored: ['horizontalpodautoscaler.autoscaling/php-apache'] },
  },
  { file: 'application/shell-demo.yaml', ends: { running: 1 } },
  {
    file: 'controllers/daemonset.yaml',
    ends: { running: 3, namespace: 'kube-system' },
  },
  { file: 'controllers/frontend.yaml', ends: { running: 3 } },
  // This version quotes the script (`"\"print bpi(2000)\""`), so perl evaluates a string constant:
  // it warns on stderr and exits 0, and the Job completes with no digits printed.
  {
    file: 'controllers/job.yaml',
    ends: { succeeded: 1, logs: 'Useless use of a constant ("print bpi(2000)") in void context' },
  },
  { file: 'controllers/replication.yaml', ends: { running: 3 } },
  {
    file: 'pods/init-containers.yaml',
    ends: {
      status: ['Init:Error', 'Init:CrashLoopBackOff'],
      logs: "wget: bad address 'info.cern.ch'",
    },
    offline: 'the init container downloads http://info.cern.ch',
  },
  { file: 'pods/simple-pod.yaml', ends: { running: 1 } },
  // The container is killed when `cat /tmp/healthy` starts failing (about 35 s in) and restarted.
  { file: 'pods/probe/exec-liveness.yaml', ends: { running: 1, restarted: true } },
  // printenv prints the pod's hostname and the `kubernetes` Service's variable, then exits 0.
  {
    file: 'pods/commands.yaml',
    ends: { succeeded: 1, logs: 'command-demo\ntcp://10.96.0.1:443\n' },
  },
  {
    file: 'pods/resource/memory-request-limit.yaml',
    before: ['create namespace mem-example'],
    ends: { running: 1, namespace: 'mem-example' },
  },
  { file: 'service/load-balancer-example.yaml', ends: { running: 5 } },
  { file: 'service/networking/run-my-nginx.yaml', ends: { running: 2 } },
  {
    file: 'pods/storage/pv-claim.yaml',
    ends: { stored: ['persistentvolumeclaim/task-pv-claim'] },
  },
  { file: 'pods/storage/redis.yaml', ends: { running: 1 } },
  // quota: the ResourceQuota and LimitRange tasks (docs/tasks/administer-cluster/manage-resources/
  // and quota-api-object), each file applied after the steps of its page that come before it.
  ...quotaTask('quota-mem-cpu-example', 'admin/resource/quota-mem-cpu.yaml', [
    { file: 'admin/resource/quota-mem-cpu.yaml', ends: { stored: ['resourcequota/mem-cpu-demo'] } },
    { file: 'admin/resource/quota-mem-cpu-pod.yaml', ends: { running: 1 } },
    {
      file: 'admin/resource/quota-mem-cpu-pod-2.yaml',
      ends: {
        refused:
          'pods "quota-mem-cpu-demo-2" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi',
      },
    },
  ]),
  ...quotaTask('quota-pod-example', 'admin/resource/quota-pod.yaml', [
    { file: 'admin/resource/quota-pod.yaml', ends: { stored: ['resourcequota/pod-demo'] } },
    // Three replicas asked for, two pods allowed: the ReplicaSet's third create is refused.
    { file: 'admin/resource/quota-pod-deployment.yaml', ends: { running: 2 } },
  ]),
  ...quotaTask('quota-object-example', 'admin/resource/quota-objects.yaml', [
    {
      file: 'admin/resource/quota-objects.yaml',
      ends: { stored: ['resourcequota/object-quota-demo'] },
    },
    // The class `manual` has no provisioner: the claim stays Pending, as the page shows.
    {
      file: 'admin/resource/quota-objects-pvc.yaml',
      ends: { stored: ['persistentvolumeclaim/pvc-quota-demo'] },
    },
    {
      file: 'admin/resource/quota-objects-pvc-2.yaml',
      ends: {
        refused:
          'persistentvolumeclaims "pvc-quota-demo-2" is forbidden: exceeded quota: object-quota-demo, requested: persistentvolumeclaims=1, used: persistentvolumeclaims=1, limited: persistentvolumeclaims=1',
      },
    },
  ]),
  ...quotaTask('default-mem-example', 'admin/resource/memory-defaults.yaml', [
    {
      file: 'admin/resource/memory-defaults.yaml',
      ends: { stored: ['limitrange/mem-limit-range'] },
    },
    { file: 'admin/resource/memory-defaults-pod.yaml', ends: { running: 1 } },
    { file: 'admin/resource/memory-defaults-pod-2.yaml', ends: { running: 1 } },
    { file: 'admin/resource/memory-defaults-pod-3.yaml', ends: { running: 1 } },
  ]),
  ...quotaTask('default-cpu-example', 'admin/resource/cpu-defaults.yaml', [
    { file: 'admin/resource/cpu-defaults.yaml', ends: { stored: ['limitrange/cpu-limit-range'] } },
    { file: 'admin/resource/cpu-defaults-pod.yaml', ends: { running: 1 } },
    { file: 'admin/resource/cpu-defaults-pod-2.yaml', ends: { running: 1 } },
    { file: 'admin/resource/cpu-defaults-pod-3.yaml', ends: { running: 1 } },
  ]),
  ...quotaTask('constraints-mem-example', 'admin/resource/memory-constraints.yaml', [
    {
      file: 'admin/resource/memory-constraints.yaml',
      ends: { stored: ['limitrange/mem-min-max-demo-lr'] },
    },
    { file: 'admin/resource/memory-constraints-pod.yaml', ends: { running: 1 } },
    {
      file: 'admin/resource/memory-constraints-pod-2.yaml',
      ends: {
        refused:
          'pods "constraints-mem-demo-2" is forbidden: maximum memory usage per Container is 1Gi, but limit is 1536Mi',
      },
    },
    {
      file: 'admin/resource/memory-constraints-pod-3.yaml',
      ends: {
        refused:
          'pods "constraints-mem-demo-3" is forbidden: minimum memory usage per Container is 500Mi, but request is 100Mi',
      },
    },
    { file: 'admin/resource/memory-constraints-pod-4.yaml', ends: { running: 1 } },
  ]),
  ...quotaTask('constraints-cpu-example', 'admin/resource/cpu-constraints.yaml', [
    {
      file: 'admin/resource/cpu-constraints.yaml',
      ends: { stored: ['limitrange/cpu-min-max-demo-lr'] },
    },
    { file: 'admin/resource/cpu-constraints-pod.yaml', ends: { running: 1 } },
    {
      file: 'admin/resource/cpu-constraints-pod-2.yaml',
      ends: {
        refused:
          'pods "constraints-cpu-demo-2" is forbidden: maximum cpu usage per Container is 800m, but limit is 1500m',
      },
    },
    {
      file: 'admin/resource/cpu-constraints-pod-3.yaml',
      ends: {
        refused:
          'pods "constraints-cpu-demo-3" is forbidden: minimum cpu usage per Container is 200m, but request is 100m',
      },
    },
    { file: 'admin/resource/cpu-constraints-pod-4.yaml', ends: { running: 1 } },
  ]),
  // net: the Ingress and NetworkPolicy examples of the Ingress, IngressClass and NetworkPolicy
  // concept pages. Stored as a real cluster stores them; an Ingress of a class no controller
  // serves (nginx-example) is stored and never gets an address.
  ...(
    [
      ['default-ingressclass.yaml', 'ingressclass/example-class'],
      ['external-lb.yaml', 'ingressclass/external-lb'],
      ['namespaced-params.yaml', 'ingressclass/external-lb'],
      ['ingress-resource-backend.yaml', 'ingress/ingress-resource-backend'],
      ['ingress-wildcard-host.yaml', 'ingress/ingress-wildcard-host'],
      ['minimal-ingress.yaml', 'ingress/minimal-ingress'],
      ['name-virtual-host-ingress.yaml', 'ingress/name-virtual-host-ingress'],
      [
        'name-virtual-host-ingress-no-third-host.yaml',
        'ingress/name-virtual-host-ingress-no-third-host',
      ],
      ['simple-fanout-example.yaml', 'ingress/simple-fanout-example'],
      ['test-ingress.yaml', 'ingress/test-ingress'],
      ['tls-example-ingress.yaml', 'ingress/tls-example-ingress'],
      ['nginx-policy.yaml', 'networkpolicy/access-nginx'],
      ['networkpolicy.yaml', 'networkpolicy/test-network-policy'],
      ['networkpolicy-multiport-egress.yaml', 'networkpolicy/multi-port-egress'],
      ['network-policy-default-deny-ingress.yaml', 'networkpolicy/default-deny-ingress'],
      ['network-policy-default-deny-egress.yaml', 'networkpolicy/default-deny-egress'],
      ['network-policy-default-deny-all.yaml', 'networkpolicy/default-deny-all'],
      ['network-policy-allow-all-ingress.yaml', 'networkpolicy/allow-all-ingress'],
      ['network-policy-allow-all-egress.yaml', 'networkpolicy/allow-all-egress'],
      [
        'network-policy-allow-all-egress-deny-all-ingress.yaml',
        'networkpolicy/allow-egress-deny-ingress',
      ],
    ] as const
  ).map(([file, ref]) => ({ file: `service/networking/${file}`, ends: { stored: [ref] } })),
  {
    // The index's revision of this file is the page's old networking.k8s.io/v1beta1 one, which
    // v1.22 removed: a v1.31 cluster refuses it.
    file: 'service/networking/example-ingress.yaml',
    ends: {
      refused: 'no matches for kind "Ingress" in version "networking.k8s.io/v1beta1"',
    },
  },
  // The per-container and per-pod limit ranges of the (older) limit-range admin page, and the
  // pod it creates under the first: its four containers get the defaults they lack (the third,
  // with limits only, takes its requests from them) and all are within min and max.
  ...quotaTask('limitrange-demo', 'admin/resource/limit-mem-cpu-container.yaml', [
    {
      file: 'admin/resource/limit-mem-cpu-container.yaml',
      ends: { stored: ['limitrange/limit-mem-cpu-per-container'] },
    },
    { file: 'admin/resource/limit-range-pod-1.yaml', ends: { running: 1 } },
  ]),
  ...quotaTask('limitrange-pod-demo', 'admin/resource/limit-mem-cpu-pod.yaml', [
    {
      file: 'admin/resource/limit-mem-cpu-pod.yaml',
      ends: { stored: ['limitrange/limit-mem-cpu-per-pod'] },
    },
  ]),

  ...PODS,
  ...CONTROLLERS,
  ...APPLICATION,
  ...SERVICE,
  ...CONFIG,
  // corpus-apps:
  ...DEBUG,
  ...WINDOWS,
  ...DEPLOYMENTS,
  ...STORAGE,
  ...MISC,
  ...DRA,
  // corpus-policy:
  ...ACCESS,
  ...POLICY,
  ...ADMIN,
  ...SECURITY,
];
