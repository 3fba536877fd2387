/**
 * The API Priority and Fairness objects kube-apiserver's `priority-and-fairness-config-producer`
 * post-start hook creates on a fresh cluster (k/k v1.31: staging/src/k8s.io/apiserver/pkg/apis/
 * flowcontrol/bootstrap/default.go; pkg/registry/flowcontrol/rest/storage_flowcontrol.go ensures
 * the suggested configuration, then the mandatory one). Each carries the
 * `apf.kubernetes.io/autoupdate-spec: "true"` annotation, by which the producer keeps it
 * current. The specs are as the v1 API shows them (defaults included).
 */
import type {
  FlowSchema,
  PolicyRulesWithSubjects,
  PriorityLevelConfiguration,
  ResourcePolicyRule,
  Subject,
} from 'kubernetes-types/flowcontrol/v1';

const API_VERSION = 'flowcontrol.apiserver.k8s.io/v1';
const AUTOUPDATE = { 'apf.kubernetes.io/autoupdate-spec': 'true' };

const limited = (
  name: string,
  shares: number,
  lendablePercent: number,
  queuing?: [queues: number, handSize: number, queueLengthLimit: number],
): PriorityLevelConfiguration => ({
  apiVersion: API_VERSION,
  kind: 'PriorityLevelConfiguration',
  metadata: { name, annotations: { ...AUTOUPDATE } },
  spec: {
    type: 'Limited',
    limited: {
      nominalConcurrencyShares: shares,
      lendablePercent,
      limitResponse: queuing
        ? {
            type: 'Queue',
            queuing: { queues: queuing[0], handSize: queuing[1], queueLengthLimit: queuing[2] },
          }
        : { type: 'Reject' },
    },
  },
});

const groups = (...names: string[]): Subject[] =>
  names.map((name) => ({ kind: 'Group', group: { name } }));
const users = (...names: string[]): Subject[] =>
  names.map((name) => ({ kind: 'User', user: { name } }));
const kubeSystemSA = (...names: string[]): Subject[] =>
  names.map((name) => ({
    kind: 'ServiceAccount',
    serviceAccount: { name, namespace: 'kube-system' },
  }));

const rule = (
  verbs: string[],
  apiGroups: string[],
  resources: string[],
  namespaces: string[],
  clusterScope: boolean,
): ResourcePolicyRule => ({
  verbs,
  apiGroups,
  resources,
  namespaces,
  ...(clusterScope ? { clusterScope } : {}),
});

/** Every request of the subjects: `*` resources anywhere and `*` non-resource URLs. */
const everything = (subjects: Subject[]): PolicyRulesWithSubjects => ({
  subjects,
  resourceRules: [rule(['*'], ['*'], ['*'], ['*'], true)],
  nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
});

const flowSchema = (
  name: string,
  priorityLevel: string,
  matchingPrecedence: number,
  distinguisher: 'ByUser' | 'ByNamespace' | undefined,
  rules: PolicyRulesWithSubjects,
): FlowSchema => ({
  apiVersion: API_VERSION,
  kind: 'FlowSchema',
  metadata: { name, annotations: { ...AUTOUPDATE } },
  spec: {
    priorityLevelConfiguration: { name: priorityLevel },
    matchingPrecedence,
    ...(distinguisher ? { distinguisherMethod: { type: distinguisher } } : {}),
    rules: [rules],
  },
});

const NODES = 'system:nodes';
const KCM = 'system:kube-controller-manager';
const SCHEDULER = 'system:kube-scheduler';
const EVERYONE = ['system:unauthenticated', 'system:authenticated'];
const GET_CREATE_UPDATE = ['get', 'create', 'update'];

/** SuggestedPriorityLevelConfigurations, in order. */
const SUGGESTED_PRIORITY_LEVELS: PriorityLevelConfiguration[] = [
  limited('system', 30, 33, [64, 6, 50]),
  limited('node-high', 40, 25, [64, 6, 50]),
  limited('leader-election', 10, 0, [16, 4, 50]),
  limited('workload-high', 40, 50, [128, 6, 50]),
  limited('workload-low', 100, 90, [128, 6, 50]),
  limited('global-default', 20, 50, [128, 6, 50]),
];

/** SuggestedFlowSchemas, in order. */
const SUGGESTED_FLOW_SCHEMAS: FlowSchema[] = [
  flowSchema('system-nodes', 'system', 500, 'ByUser', everything(groups(NODES))),
  flowSchema('system-node-high', 'node-high', 400, 'ByUser', {
    subjects: groups(NODES),
    resourceRules: [
      rule(['*'], [''], ['nodes', 'nodes/status'], ['*'], true),
      rule(['*'], ['coordination.k8s.io'], ['leases'], ['*'], false),
    ],
  }),
  flowSchema('probes', 'exempt', 2, undefined, {
    subjects: groups(...EVERYONE),
    nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }],
  }),
  flowSchema('system-leader-election', 'leader-election', 100, 'ByUser', {
    subjects: [...users(KCM, SCHEDULER), ...kubeSystemSA('*')],
    resourceRules: [
      rule(GET_CREATE_UPDATE, [''], ['endpoints', 'configmaps'], ['kube-system'], false),
      rule(GET_CREATE_UPDATE, ['coordination.k8s.io'], ['leases'], ['*'], false),
    ],
  }),
  flowSchema('workload-leader-election', 'leader-election', 200, 'ByUser', {
    subjects: kubeSystemSA('*'),
    resourceRules: [
      rule(GET_CREATE_UPDATE, [''], ['endpoints', 'configmaps'], ['*'], false),
      rule(GET_CREATE_UPDATE, ['coordination.k8s.io'], ['leases'], ['*'], false),
    ],
  }),
  flowSchema('endpoint-controller', 'workload-high', 150, 'ByUser', {
    subjects: [
      ...users(KCM),
      ...kubeSystemSA('endpoint-controller', 'endpointslicemirroring-controller'),
    ],
    resourceRules: [rule(GET_CREATE_UPDATE, [''], ['endpoints'], ['*'], false)],
  }),
  flowSchema(
    'kube-controller-manager',
    'workload-high',
    800,
    'ByNamespace',
    everything(users(KCM)),
  ),
  flowSchema('kube-scheduler', 'workload-high', 800, 'ByNamespace', everything(users(SCHEDULER))),
  flowSchema(
    'kube-system-service-accounts',
    'workload-high',
    900,
    'ByNamespace',
    everything(kubeSystemSA('*')),
  ),
  flowSchema(
    'service-accounts',
    'workload-low',
    9000,
    'ByUser',
    everything(groups('system:serviceaccounts')),
  ),
  flowSchema('global-default', 'global-default', 9900, 'ByUser', everything(groups(...EVERYONE))),
];

/** MandatoryPriorityLevelConfigurations, in order: catch-all rejects, exempt is not limited. */
const MANDATORY_PRIORITY_LEVELS: PriorityLevelConfiguration[] = [
  limited('catch-all', 5, 0),
  {
    apiVersion: API_VERSION,
    kind: 'PriorityLevelConfiguration',
    metadata: { name: 'exempt', annotations: { ...AUTOUPDATE } },
    spec: { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } },
  },
];

/** MandatoryFlowSchemas, in order: system:masters is exempt, everyone else is caught. */
const MANDATORY_FLOW_SCHEMAS: FlowSchema[] = [
  flowSchema('exempt', 'exempt', 1, undefined, everything(groups('system:masters'))),
  flowSchema('catch-all', 'catch-all', 10000, 'ByUser', everything(groups(...EVERYONE))),
];

/** What the config producer creates, in the order it creates them. */
export const APF_BOOTSTRAP_OBJECTS: readonly (FlowSchema | PriorityLevelConfiguration)[] = [
  ...SUGGESTED_PRIORITY_LEVELS,
  ...SUGGESTED_FLOW_SCHEMAS,
  ...MANDATORY_PRIORITY_LEVELS,
  ...MANDATORY_FLOW_SCHEMAS,
];
