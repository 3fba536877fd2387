/**
 * Validation of ObjectMeta and PodSpec, as the API server does it after defaulting
 * (k/k: pkg/apis/core/validation/validation.go, v1.31). Fields the API always defaults
 * (restartPolicy, imagePullPolicy, protocol…) are only checked when present, so these functions
 * also give the real answers for objects that were not defaulted first.
 */
import type { Container, ContainerPort, PodSpec, Probe } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import {
  duplicate,
  forbidden,
  goRepr,
  invalid,
  notSupported,
  required,
  type FieldError,
} from './fielderrors';
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  portNameErrors,
  portNumErrors,
  qualifiedNameErrors,
} from './names';
import { canonicalQuantity, compareQuantities, quantityError } from './quantity';

export type NameValidator = (name: string) => string[];

/** k/k: ValidateNonnegativeField — `must be greater than or equal to 0`. */
export function nonNegative(value: unknown, field: string): FieldError[] {
  return typeof value === 'number' && value < 0
    ? [invalid(field, value, 'must be greater than or equal to 0')]
    : [];
}

/** k/k: ValidateLabels — errors are reported on the map's path, not the key's. */
export function validateLabels(
  labels: Record<string, string> | undefined,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const msg of qualifiedNameErrors(k)) errs.push(invalid(field, k, msg));
    for (const msg of labelValueErrors(String(v))) errs.push(invalid(field, String(v), msg));
  }
  return errs;
}

/** k/k: ValidateAnnotations — keys must be qualified names (lower-cased first). */
function validateAnnotations(ann: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(ann ?? {})) {
    for (const msg of qualifiedNameErrors(k.toLowerCase())) errs.push(invalid(field, k, msg));
    size += k.length + String(v).length;
  }
  // k/k: TotalAnnotationSizeLimitB = 256 KiB
  if (size > 262144)
    errs.push({ type: 'FieldValueTooLong', field, detail: 'must have at most 262144 bytes' });
  return errs;
}

/** k/k: ValidateObjectMeta with the kind's name function (generateName validated as a prefix). */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  nameFn: NameValidator,
  namespaced: boolean,
): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  if (m.generateName) {
    // k/k: NameIsDNSSubdomain(prefix=true) masks one trailing dash.
    const prefix = m.generateName.endsWith('-') ? m.generateName.slice(0, -1) : m.generateName;
    for (const msg of nameFn(prefix))
      errs.push(invalid('metadata.generateName', m.generateName, msg));
  }
  if (!m.name) {
    // The API server generates the name from generateName before validating.
    if (!m.generateName) errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of nameFn(m.name)) errs.push(invalid('metadata.name', m.name, msg));
  }
  if (namespaced && m.namespace) {
    for (const msg of dns1123LabelErrors(m.namespace)) {
      errs.push(invalid('metadata.namespace', m.namespace, msg));
    }
  }
  if (!namespaced && m.namespace) {
    errs.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
  errs.push(...validateLabels(m.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(m.annotations, 'metadata.annotations'));
  return errs;
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

/** k/k: validateContainerPorts. */
function validateContainerPorts(ports: ContainerPort[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const ip = `${path}[${i}]`;
    if (p.name) {
      const msgs = portNameErrors(p.name);
      if (msgs.length) msgs.forEach((msg) => errs.push(invalid(`${ip}.name`, p.name, msg)));
      else if (names.has(p.name)) errs.push(duplicate(`${ip}.name`, p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(required(`${ip}.containerPort`));
    else
      portNumErrors(p.containerPort).forEach((msg) =>
        errs.push(invalid(`${ip}.containerPort`, p.containerPort, msg)),
      );
    if (p.hostPort) {
      portNumErrors(p.hostPort).forEach((msg) =>
        errs.push(invalid(`${ip}.hostPort`, p.hostPort, msg)),
      );
    }
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) {
      errs.push(notSupported(`${ip}.protocol`, p.protocol, PROTOCOLS));
    }
  });
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

/** Quantities found to parse and not be negative (up to 1,024): most pods repeat a few. */
const goodQuantities = new Set<string | number>();

/** k/k: ValidateResourceRequirements — names, non-negative quantities, requests ≤ limits. */
function validateResources(c: Container, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits = (c.resources?.limits ?? {}) as Record<string, string | number>;
  const requests = (c.resources?.requests ?? {}) as Record<string, string | number>;
  const check = (kind: 'limits' | 'requests', list: Record<string, string | number>) => {
    for (const [name, q] of Object.entries(list)) {
      // scale: the usual case, a standard resource of a quantity known good, builds no path.
      if (STANDARD_CONTAINER_RESOURCES.includes(name) && goodQuantities.has(q)) continue;
      const fp = `${path}.resources.${kind}[${name}]`;
      if (
        !name.includes('/') &&
        !STANDARD_CONTAINER_RESOURCES.includes(name) &&
        !name.startsWith('hugepages-')
      ) {
        errs.push(invalid(fp, goRepr(name), 'must be a standard resource for containers'));
      }
      const qe = quantityError(q);
      // An unparsable quantity never reaches validation: the API rejects the body with 400
      // (see decodeError in validation.ts). Reported here so the editor can still mark it.
      if (qe) errs.push(invalid(fp, q, qe));
      else if (compareQuantities(q, 0) < 0) {
        errs.push(invalid(fp, canonicalQuantity(q), 'must be greater than or equal to 0'));
      } else {
        if (goodQuantities.size >= 1024) goodQuantities.clear();
        goodQuantities.add(q);
      }
    }
  };
  check('limits', limits);
  check('requests', requests);
  for (const [name, q] of Object.entries(requests)) {
    const lim = limits[name];
    if (lim === undefined || quantityError(q) || quantityError(lim)) continue;
    if (compareQuantities(q, lim) > 0) {
      errs.push(
        invalid(
          `${path}.resources.requests`,
          canonicalQuantity(q),
          `must be less than or equal to ${name} limit of ${canonicalQuantity(lim)}`,
        ),
      );
    }
  }
  return errs;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/** k/k: validateProbe + validateHandler (one handler exactly) and the liveness rule. */
function validateProbe(p: Probe | undefined, path: string, liveness: boolean): FieldError[] {
  if (!p) return [];
  const errs: FieldError[] = [];
  const handlers = PROBE_HANDLERS.filter((h) => p[h] !== undefined);
  if (handlers.length === 0) errs.push(required(path, 'must specify a handler type'));
  else if (handlers.length > 1) {
    errs.push(forbidden(`${path}.${handlers[1]}`, 'may not specify more than 1 handler type'));
  }
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ] as const) {
    errs.push(...nonNegative(p[f], `${path}.${f}`));
  }
  if (liveness && p.successThreshold !== undefined && p.successThreshold !== 1) {
    errs.push(invalid(`${path}.successThreshold`, p.successThreshold, 'must be 1'));
  }
  return errs;
}

/** k/k: validateContainerCommon (name, image, ports, pull policy, resources). */
function validateContainer(c: Container, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${path}.name`));
  else dns1123LabelErrors(c.name).forEach((msg) => errs.push(invalid(`${path}.name`, c.name, msg)));
  if (!c.image) errs.push(required(`${path}.image`));
  if (
    c.terminationMessagePolicy !== undefined &&
    !TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy)
  ) {
    errs.push(
      notSupported(
        `${path}.terminationMessagePolicy`,
        c.terminationMessagePolicy,
        TERMINATION_MESSAGE_POLICIES,
      ),
    );
  }
  errs.push(...validateContainerPorts(c.ports, `${path}.ports`));
  if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy)) {
    errs.push(notSupported(`${path}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  }
  errs.push(
    ...validateSeccompProfile(
      c.securityContext?.seccompProfile,
      `${path}.securityContext.seccompProfile`,
    ),
  );
  errs.push(...validateResources(c, path));
  return errs;
}

const SECCOMP_PROFILE_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];

/**
 * k/k: validateSeccompProfileField (a container's through ValidateSecurityContext, the pod's
 * through validatePodSpecSecurityContext): a known type, and a Localhost profile's path relative
 * and without `..`, as the kubelet joins it under /var/lib/kubelet/seccomp.
 */
function validateSeccompProfile(
  sp: { type?: string; localhostProfile?: string } | undefined,
  path: string,
): FieldError[] {
  if (!sp) return [];
  const errs: FieldError[] = [];
  if (!sp.type) errs.push(required(`${path}.type`, 'type is required when seccompProfile is set'));
  else if (!SECCOMP_PROFILE_TYPES.includes(sp.type))
    errs.push(notSupported(`${path}.type`, sp.type, SECCOMP_PROFILE_TYPES));
  if (sp.type === 'Localhost') {
    const p = sp.localhostProfile;
    if (p === undefined)
      errs.push(required(`${path}.localhostProfile`, 'must be set when seccomp type is Localhost'));
    else {
      // validateLocalDescendingPath.
      if (p.startsWith('/'))
        errs.push(invalid(`${path}.localhostProfile`, p, 'must be a relative path'));
      if (p.split('/').includes('..'))
        errs.push(invalid(`${path}.localhostProfile`, p, "must not contain '..'"));
    }
  }
  return errs;
}

/** k/k: validateContainers + validateInitContainers (names unique across both lists). */
function validateContainerList(spec: PodSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const containers = spec.containers ?? [];
  if (containers.length === 0) errs.push(required(`${path}.containers`));
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const cp = `${path}.containers[${i}]`;
    errs.push(...validateContainer(c, cp));
    if (names.has(c.name)) errs.push(duplicate(`${cp}.name`, c.name));
    else names.add(c.name);
    errs.push(...validateProbe(c.livenessProbe, `${cp}.livenessProbe`, true));
    errs.push(...validateProbe(c.readinessProbe, `${cp}.readinessProbe`, false));
    errs.push(...validateProbe(c.startupProbe, `${cp}.startupProbe`, true));
  });
  (spec.initContainers ?? []).forEach((c, i) => {
    const cp = `${path}.initContainers[${i}]`;
    errs.push(...validateContainer(c, cp));
    if (names.has(c.name)) errs.push(duplicate(`${cp}.name`, c.name));
    else names.add(c.name);
  });
  return errs;
}

/** k/k: ValidatePodSpec (the parts the simulator models), at `path` (`spec` or `spec.template.spec`). */
export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  const s = spec ?? ({} as PodSpec);
  const errs: FieldError[] = [];
  errs.push(...validateContainerList(s, path));
  if (s.restartPolicy !== undefined && !RESTART_POLICIES.includes(s.restartPolicy)) {
    errs.push(
      s.restartPolicy === ''
        ? required(`${path}.restartPolicy`)
        : notSupported(`${path}.restartPolicy`, s.restartPolicy, RESTART_POLICIES),
    );
  }
  if (s.dnsPolicy !== undefined && !DNS_POLICIES.includes(s.dnsPolicy)) {
    errs.push(notSupported(`${path}.dnsPolicy`, s.dnsPolicy, DNS_POLICIES));
  }
  errs.push(...validateLabels(s.nodeSelector, `${path}.nodeSelector`));
  if (s.serviceAccountName) {
    dns1123SubdomainErrors(s.serviceAccountName).forEach((msg) =>
      errs.push(invalid(`${path}.serviceAccountName`, s.serviceAccountName, msg)),
    );
  }
  if (s.nodeName) {
    dns1123SubdomainErrors(s.nodeName).forEach((msg) =>
      errs.push(invalid(`${path}.nodeName`, s.nodeName, msg)),
    );
  }
  if (
    s.activeDeadlineSeconds !== undefined &&
    (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > 2147483647)
  ) {
    errs.push(
      invalid(
        `${path}.activeDeadlineSeconds`,
        s.activeDeadlineSeconds,
        'must be between 1 and 2147483647, inclusive',
      ),
    );
  }
  errs.push(
    ...nonNegative(s.terminationGracePeriodSeconds, `${path}.terminationGracePeriodSeconds`),
  );
  errs.push(
    ...validateSeccompProfile(
      s.securityContext?.seccompProfile,
      `${path}.securityContext.seccompProfile`,
    ),
  );
  return errs;
}

/** k/k: ValidatePodTemplateSpec — template labels/annotations, then the pod spec. */
export function validatePodTemplate(
  template: { metadata?: ObjectMeta; spec?: PodSpec } | undefined,
  path: string,
): FieldError[] {
  if (!template) return [required(path)];
  return [
    ...validateLabels(template.metadata?.labels, `${path}.metadata.labels`),
    ...validateAnnotations(template.metadata?.annotations, `${path}.metadata.annotations`),
    ...validatePodSpec(template.spec, `${path}.spec`),
  ];
}
