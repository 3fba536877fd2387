/**
 * The parts of the engine loaded on demand (see ./onDemand.ts): what only a learner's workload
 * runs. Nothing outside this file and the loaders (src/worker/ops/tools.ts, ./onDemandNow.ts)
 * imports it; the engine reaches these through `onDemand()`.
 */

// Shells: `sh -c` scripts and plain commands (`sleep 3600`) in a container.
export { containerFiles, startCommand, startShellScript } from './userland/shell';
// Processes exec'd into a running container: exec probes and hooks, `kubectl exec`.
export { execInContainer, spawnInContainer } from './userland/programs/exec';
// Language runtimes, with the Python interpreter behind `python -c`.
export { goRuntime, nodeRuntime, pythonRuntime } from './userland/programs/runtimes';
// The application images' servers.
export { mongo, mysqlFamily, postgres } from './userland/programs/servers/databases';
export { httpd } from './userland/programs/servers/httpd';
export { nginx } from './userland/programs/servers/nginx';
export { rabbitmq } from './userland/programs/servers/rabbitmq';
export { redis } from './userland/programs/servers/redis';
export { agnhost, httpbin, httpEcho, stress } from './userland/programs/servers/tools';
export { traefik } from './userland/programs/servers/traefik';
export { proxyAgent, proxyServer } from './userland/programs/servers/konnectivity';
export { fluentdGcp130 } from './userland/programs/servers/fluentdGcp';
// The kubernetes.io examples' images' programs (perl's π, php-apache, the guestbook, hello-app…).
export { tutorialPrograms } from './userland/programs/servers/tutorialPrograms';
// mysql: mysqld 5.7 and the programs a shell runs in its images (the mysql client, xtrabackup…).
export { mysqld } from './userland/programs/mysql/mysqld';
export { IMAGE_TOOLS } from './userland/programs/tools';

// crd: a CustomResourceDefinition's validation, and its custom resources' structural schema.
export { validateCustomResourceDefinition } from './api/crdvalidation';
export { applySchemaDefaults, unknownFields, validateWithSchema } from './api/crSchema';
export { validationRuleFailures } from './api/crValidationRules';
// net: ingress-nginx's controller process (its manifest is applied with kubectl).
export { IngressNginxController } from './addons/ingressNginx/controller';
// The registry's application images (only the system images are the engine's from the start).
export { APPLICATION_IMAGES } from './node/runtime/imageCatalogue';
// The syncs of workloads only a learner creates: a Job's indexes, back-off per index, pod failure
// policy and finished conditions; a HorizontalPodAutoscaler's replica calculation; the update of a
// StatefulSet's pods.
export * as jobIndexed from './controllers/jobIndexed';
export * as jobBackoffPerIndex from './controllers/jobBackoffPerIndex';
export { matchPodFailurePolicy } from './controllers/jobPodFailurePolicy';
export { decideFinished } from './controllers/jobFinishedCondition';
export {
  convertDesiredReplicasWithRules,
  convertWithBehaviorRate,
  stabilizeRecommendation,
  stabilizeWithBehaviors,
} from './controllers/podautoscaler/normalize';
export { podMetricsOf, resourceReplicas } from './controllers/podautoscaler/replicaCalculator';
export { reconcileAutoscaler } from './controllers/podautoscaler/horizontalReconcile';
export { updateStatefulSet } from './controllers/statefulset/control';
// The PersistentVolume controller's binding of a learner's claims and volumes.
export { PersistentVolumeSync } from './controllers/persistentVolumeSync';
// A CronJob's schedule.
export { nextTime, parseSchedule } from './api/cron';
// The metrics-server addon (a cluster shape's `metricsServer: true`; the host loads these first).
export { MetricsServer } from './metrics/metricsServer';
// The validation of ReplicationControllers, ResourceQuotas and LimitRanges.
export {
  validateLimitRange,
  validateReplicationControllerSpec,
  validateResourceQuotaSpec,
} from './api/quotaValidation';
// LimitRanger's defaults and checks, once a namespace has a LimitRange.
export { applyLimitRangeDefaults, checkLimitRanges } from './apiserver/admission/limitRanges';
// The admission webhooks' calls, once a webhook configuration is stored.
export { callWebhooks } from './apiserver/admission/webhookCalls';
// ValidatingAdmissionPolicies' evaluation in CEL, once a policy is stored, and the type check
// kube-controller-manager writes into a policy's status.
export { validatePolicies } from './apiserver/admission/policyEvaluation';
export { typeCheckPolicy } from './controllers/validatingAdmissionPolicyTypeCheck';
// The CEL compiler, for the validation of a ValidatingAdmissionPolicy's expressions and of a
// webhook configuration's matchConditions (objects only a learner creates).
export { compilePolicyExpression, compileWebhookCondition } from './cel/environments';
// A webhook configuration's validation (webhooks, rules, client config, match conditions).
export { validateWebhookObject } from './api/webhookvalidation';
// The checks of a Job's spec (a Job's, a CronJob's template).
export { validateJobSpec } from './api/jobValidation';
// The checks of PodDisruptionBudgets and ValidatingAdmissionPolicies (and their bindings).
export { validateLearnerPolicyObject } from './api/learnerPolicyValidation';
// The networking kinds' checks (Ingress, IngressClass, NetworkPolicy), once one is written.
export { validateNetworkingObject } from './api/networkingvalidation';
// The access reviews behind `kubectl auth can-i` and `whoami`.
export { review } from './apiserver/authorization/reviews';
