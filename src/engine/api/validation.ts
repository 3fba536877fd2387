/**
 * What the API server's validation returns for each kind the simulator serves
 * (k/k: pkg/apis/{core,apps,batch}/validation, v1.31), on create and on update.
 * Run it after {@link applyDefaults}, as the API server does; fields the API always defaults are
 * only checked when present, so an undefaulted object gets the same answers.
 */
import type { PodSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from './types';
import { resourceForKind } from './resources';
import {
  duplicate,
  forbidden,
  invalid,
  notSupported,
  required,
  type FieldError,
} from './fielderrors';
import {
  configMapKeyErrors,
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  portNameErrors,
  portNumErrors,
} from './names';
import { validateLabels, validateObjectMeta, validatePodSpec } from './podvalidation';
import { validateDeploymentSpecExtras, validateReplicatedSpec } from './workloadvalidation';
import { validateUpdate } from './updatevalidation';
import { decodeObject } from './decoding';
import { validateStorageObject } from './storagevalidation';
import { isNetworkingObject } from './networkingdefaults';
// corpus-policy: RBAC, PriorityClass, PodDisruptionBudget, ValidatingAdmissionPolicy.
import { pathSegmentNameErrors, validatePolicyObject } from './policyvalidation';
// apf:
import { validateFlowControlObject } from './flowcontrolvalidation';
import { isWebhookConfiguration } from './webhookdefaults';
import { onDemand } from '../onDemand';

export type { FieldError, FieldErrorType } from './fielderrors';
export {
  formatFieldError,
  fieldErrorBody,
  invalidMessage,
  invalidStatus,
  unknownKindMessage,
  resourceMappingNotFound,
} from './fielderrors';

type Obj = Record<string, unknown>;
const specOf = (o: KubeObject) => (o.spec ?? {}) as Obj;

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

interface ServicePortLike {
  name?: string;
  port?: number;
  protocol?: string;
  targetPort?: number | string;
  nodePort?: number;
}

/** k/k: ValidateService (ports, type, selector, session affinity) + the NodePort allocator. */
function validateServiceSpec(o: KubeObject): FieldError[] {
  const spec = specOf(o);
  const errs: FieldError[] = [];
  const type = (spec.type as string | undefined) ?? 'ClusterIP';
  const ports = (spec.ports ?? []) as ServicePortLike[];
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  if (type === '') errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(type)) errs.push(notSupported('spec.type', type, SERVICE_TYPES));
  if (type === 'ExternalName') {
    const en = spec.externalName as string | undefined;
    if (!en) errs.push(required('spec.externalName'));
    else dns1123SubdomainErrors(en).forEach((m) => errs.push(invalid('spec.externalName', en, m)));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(required(`${pp}.name`));
    else if (p.name) {
      dns1123LabelErrors(p.name).forEach((m) => errs.push(invalid(`${pp}.name`, p.name, m)));
      if (names.has(p.name)) errs.push(duplicate(`${pp}.name`, p.name));
      else names.add(p.name);
    }
    portNumErrors(p.port ?? 0).forEach((m) => errs.push(invalid(`${pp}.port`, p.port ?? 0, m)));
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) {
      errs.push(notSupported(`${pp}.protocol`, p.protocol, PROTOCOLS));
    }
    if (typeof p.targetPort === 'string') {
      portNameErrors(p.targetPort).forEach((m) =>
        errs.push(invalid(`${pp}.targetPort`, p.targetPort, m)),
      );
    } else if (p.targetPort !== undefined) {
      portNumErrors(p.targetPort).forEach((m) =>
        errs.push(invalid(`${pp}.targetPort`, p.targetPort, m)),
      );
    }
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      if (type === 'ClusterIP') {
        errs.push(forbidden(`${pp}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
      } else if (p.nodePort < 30000 || p.nodePort > 32767) {
        // k/k: pkg/registry/core/service/portallocator — the default --service-node-port-range.
        errs.push(
          invalid(
            `${pp}.nodePort`,
            p.nodePort,
            'provided port is not in the valid range. The range of valid ports is 30000-32767',
          ),
        );
      }
    }
  });
  errs.push(
    ...validateLabels(spec.selector as Record<string, string> | undefined, 'spec.selector'),
  );
  const sa = spec.sessionAffinity as string | undefined;
  if (sa !== undefined && sa !== 'ClientIP' && sa !== 'None') {
    errs.push(notSupported('spec.sessionAffinity', sa, ['ClientIP', 'None']));
  }
  // k/k ValidateService: validateClientIPAffinityConfig and validateAffinityTimeout.
  const sac = spec.sessionAffinityConfig as
    { clientIP?: { timeoutSeconds?: number } | null } | undefined | null;
  if (sa === 'ClientIP') {
    const timeout = sac?.clientIP?.timeoutSeconds;
    if (!sac)
      errs.push(required('spec.sessionAffinityConfig', 'when session affinity type is ClientIP'));
    else if (!sac.clientIP)
      errs.push(
        required('spec.sessionAffinityConfig.clientIP', 'when session affinity type is ClientIP'),
      );
    else if (timeout === undefined || timeout === null)
      errs.push(
        required(
          'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
          'when session affinity type is ClientIP',
        ),
      );
    else if (!(timeout > 0 && timeout <= 86400))
      errs.push(
        invalid(
          'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
          timeout,
          'must be greater than 0 and less than 86400',
        ),
      );
  } else if (sa === 'None' && sac) {
    errs.push(
      forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'),
    );
  }
  return errs;
}

/** k/k: ValidateConfigMap / ValidateSecret data keys. */
function validateDataKeys(o: KubeObject, bags: string[]): FieldError[] {
  const errs: FieldError[] = [];
  for (const bag of bags) {
    for (const key of Object.keys((o[bag] ?? {}) as Obj)) {
      configMapKeyErrors(key).forEach((m) => errs.push(invalid(`${bag}[${key}]`, key, m)));
      if (bag === 'data' && bags.includes('binaryData') && key in ((o.binaryData ?? {}) as Obj)) {
        errs.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
      }
    }
  }
  return errs;
}

function validateSecret(o: KubeObject): FieldError[] {
  // The API merges stringData into data before validating, so both are checked as `data[…]`.
  const merged = { ...((o.data ?? {}) as Obj), ...((o.stringData ?? {}) as Obj) };
  const errs = validateDataKeys({ data: merged }, ['data']);
  // corpus-apps: the other types' required keys (k/k: ValidateSecret).
  const annotations = (o.metadata?.annotations ?? {}) as Record<string, string>;
  if (
    o.type === 'kubernetes.io/service-account-token' &&
    !annotations['kubernetes.io/service-account.name']
  ) {
    errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  }
  if (o.type === 'kubernetes.io/dockercfg' && !('.dockercfg' in merged)) {
    errs.push(required('data[.dockercfg]'));
  }
  if (o.type === 'kubernetes.io/basic-auth' && !('username' in merged) && !('password' in merged)) {
    errs.push(required('data[username]'), required('data[password]'));
  }
  if (o.type === 'kubernetes.io/ssh-auth' && !merged['ssh-privatekey']) {
    errs.push(required('data[ssh-privatekey]'));
  }
  if (o.type === 'kubernetes.io/tls') {
    for (const k of ['tls.crt', 'tls.key']) if (!(k in merged)) errs.push(required(`data[${k}]`));
  }
  if (o.type === 'kubernetes.io/dockerconfigjson' && !('.dockerconfigjson' in merged)) {
    errs.push(required('data[.dockerconfigjson]'));
  }
  return errs;
}

const NAME_FN: Record<string, (n: string) => string[]> = {
  Service: dns1035LabelErrors,
  Namespace: dns1123LabelErrors,
  // corpus-policy: k/k ValidateRBACName (path segment names: `system:node` is valid).
  Role: pathSegmentNameErrors,
  ClusterRole: pathSegmentNameErrors,
  RoleBinding: pathSegmentNameErrors,
  ClusterRoleBinding: pathSegmentNameErrors,
};

/**
 * Validates an object as the API server does on create, or on update when `old` is given.
 * Returns the field errors in the API's order; empty means valid.
 */
export function validateObject(obj: KubeObject, old?: KubeObject): FieldError[] {
  const kind = obj.kind ?? '';
  const info = resourceForKind(kind);
  const errs = validateObjectMeta(
    obj.metadata,
    NAME_FN[kind] ?? dns1123SubdomainErrors,
    info?.namespaced ?? true,
  );
  switch (kind) {
    case 'Pod':
      errs.push(...validatePodSpec(obj.spec as PodSpec | undefined, 'spec'));
      // k/k ValidatePodCreate: ephemeral containers come only through the subresource.
      if (!old && (obj.spec as PodSpec | undefined)?.ephemeralContainers?.length)
        errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
      break;
    case 'Deployment':
      errs.push(...validateReplicatedSpec(obj), ...validateDeploymentSpecExtras(obj));
      break;
    case 'ReplicaSet':
      errs.push(...validateReplicatedSpec(obj));
      break;
    // A kind only a learner creates: its checks load on demand.
    case 'Job':
      errs.push(...onDemand().validateJobSpec(obj));
      break;
    case 'Service':
      errs.push(...validateServiceSpec(obj));
      break;
    case 'ConfigMap':
      errs.push(...validateDataKeys(obj, ['data', 'binaryData']));
      break;
    case 'Secret':
      errs.push(...validateSecret(obj));
      break;
    // quota: kinds only a learner creates, their checks loaded on demand.
    case 'ReplicationController':
      errs.push(...onDemand().validateReplicationControllerSpec(obj));
      break;
    case 'ResourceQuota':
      errs.push(...onDemand().validateResourceQuotaSpec(obj));
      break;
    case 'LimitRange':
      errs.push(...onDemand().validateLimitRange(obj));
      break;
    // storage:
    default:
      errs.push(
        ...(validateStorageObject(obj, old) ??
          // net: the networking.k8s.io kinds, objects only a learner creates: checks on demand.
          (isNetworkingObject(obj) ? onDemand().validateNetworkingObject(obj) : undefined) ??
          // corpus-policy:
          validatePolicyObject(obj, old) ??
          // apf:
          validateFlowControlObject(obj) ??
          // A webhook configuration is an object only a learner creates: its checks load on demand.
          (isWebhookConfiguration(obj) ? onDemand().validateWebhookObject(obj) : undefined) ??
          []),
      );
  }
  if (old) errs.push(...validateUpdate(obj, old));
  return errs;
}

/**
 * The 400 Bad Request text for a body the API cannot decode, or undefined: a value of the wrong
 * JSON type for its Go field, or an unparsable resource quantity (see `decoding.ts`).
 */
export function decodeError(obj: KubeObject): string | undefined {
  return decodeObject(obj).error;
}
