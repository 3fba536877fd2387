/**
 * Validation of the networking.k8s.io/v1 kinds: Ingress, IngressClass and NetworkPolicy (k/k:
 * pkg/apis/networking/validation/validation.go, v1.31). The texts are the API server's, so
 * `kubectl apply` prints what a real cluster prints. Only a learner creates these objects, so
 * their checks load on demand (../onDemand.ts); their defaults and the CIDR arithmetic the CNI
 * plugin's network policies use are in ./networkingdefaults.ts.
 */
import type {
  Ingress,
  IngressBackend,
  IngressClass,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from 'kubernetes-types/networking/v1';
import { forbidden, goRepr, invalid, notSupported, required, type FieldError } from './fielderrors';
import { dns1035LabelErrors, dns1123SubdomainErrors, portNameErrors, portNumErrors } from './names';
import { cidrContains, IPV4, parseCidr } from './networkingdefaults';
import type { KubeObject } from './types';
import { validateLabelSelector } from './workloadvalidation';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

/** The field errors of a networking object (undefined: not a networking kind). */
export function validateNetworkingObject(o: KubeObject): FieldError[] | undefined {
  switch (o.kind) {
    case 'Ingress':
      return validateIngress(o as Ingress);
    case 'IngressClass': {
      const controller = (o as IngressClass).spec?.controller ?? '';
      if (!controller) return [required('spec.controller', '')];
      // IsDomainPrefixedPath: `k8s.io/ingress-nginx`.
      return /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/\S+$/.test(controller)
        ? []
        : [
            invalid(
              'spec.controller',
              controller,
              'must be a domain-prefixed path (such as "acme.io/foo")',
            ),
          ];
    }
    case 'NetworkPolicy':
      return validateNetworkPolicy(o as NetworkPolicy);
  }
  return undefined;
}

function validateIngress(ing: Ingress): FieldError[] {
  const spec = ing.spec ?? {};
  const errs: FieldError[] = [];
  if (!spec.rules?.length && !spec.defaultBackend) {
    errs.push(
      invalid(
        'spec',
        goRepr(spec.rules ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)'),
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  }
  if (spec.defaultBackend) errs.push(...backendErrors(spec.defaultBackend, 'spec.defaultBackend'));
  (spec.rules ?? []).forEach((rule, i) => {
    const rp = `spec.rules[${i}]`;
    const host = rule.host ?? '';
    if (host) {
      if (IPV4.test(host) || host.includes(':'))
        errs.push(invalid(`${rp}.host`, host, 'must be a DNS name, not an IP address'));
      const name = host.startsWith('*.') ? host.slice(2) : host;
      if (!IPV4.test(host))
        for (const msg of dns1123SubdomainErrors(name)) errs.push(invalid(`${rp}.host`, host, msg));
    }
    if (!rule.http) return;
    const paths = rule.http.paths ?? [];
    if (!paths.length) errs.push(required(`${rp}.http.paths`, ''));
    paths.forEach((p, j) => {
      const pp = `${rp}.http.paths[${j}]`;
      const path = p.path ?? '';
      if (!p.pathType) {
        errs.push(required(`${pp}.pathType`, 'pathType must be specified'));
        return;
      }
      if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
        if (!path.startsWith('/'))
          errs.push(invalid(`${pp}.path`, path, 'must be an absolute path'));
        for (const s of INVALID_PATH_SEQUENCES)
          if (path.includes(s)) errs.push(invalid(`${pp}.path`, path, `must not contain '${s}'`));
        for (const s of INVALID_PATH_SUFFIXES)
          if (path.endsWith(s)) errs.push(invalid(`${pp}.path`, path, `cannot end with '${s}'`));
      } else if (p.pathType === 'ImplementationSpecific') {
        if (path && !path.startsWith('/'))
          errs.push(invalid(`${pp}.path`, path, 'must be an absolute path'));
      } else {
        errs.push(notSupported(`${pp}.pathType`, p.pathType, PATH_TYPES));
      }
      errs.push(...backendErrors(p.backend ?? {}, `${pp}.backend`));
    });
  });
  if (spec.ingressClassName !== undefined)
    for (const msg of dns1123SubdomainErrors(spec.ingressClassName))
      errs.push(invalid('spec.ingressClassName', spec.ingressClassName, msg));
  const ann = ing.metadata?.annotations?.['kubernetes.io/ingress.class'];
  if (ann !== undefined && spec.ingressClassName !== undefined && ann !== spec.ingressClassName) {
    errs.push(
      invalid(
        'annotations.kubernetes.io/ingress.class',
        ann,
        'must match `ingressClassName` when both are specified',
      ),
    );
  }
  return errs;
}

/** validateIngressBackend: a Service (name and one of port name or number) or a resource. */
function backendErrors(b: IngressBackend, path: string): FieldError[] {
  if (b.resource && b.service)
    return [invalid(path, '', 'cannot set both resource and service backends')];
  if (b.resource) {
    const errs: FieldError[] = [];
    if (!b.resource.kind) errs.push(required(`${path}.resource.kind`, ''));
    if (!b.resource.name) errs.push(required(`${path}.resource.name`, ''));
    return errs;
  }
  if (!b.service) return [invalid(path, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const name = b.service.name ?? '';
  if (!name) errs.push(required(`${path}.service.name`, ''));
  else
    for (const msg of dns1035LabelErrors(name))
      errs.push(invalid(`${path}.service.name`, name, msg));
  const portName = b.service.port?.name ?? '';
  const portNumber = b.service.port?.number ?? 0;
  if (portName && portNumber)
    errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName)
    for (const msg of portNameErrors(portName))
      errs.push(invalid(`${path}.service.port.name`, portName, msg));
  else if (portNumber)
    for (const msg of portNumErrors(portNumber))
      errs.push(invalid(`${path}.service.port.number`, portNumber, msg));
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

function validateNetworkPolicy(np: NetworkPolicy): FieldError[] {
  const spec = np.spec ?? { podSelector: {} };
  const errs = validateLabelSelector(spec.podSelector ?? {}, 'spec.podSelector');
  const rules = [
    ...(spec.ingress ?? []).map((r, i) => ({
      path: `spec.ingress[${i}]`,
      ports: r.ports,
      peers: r.from,
      peerField: 'from',
    })),
    ...(spec.egress ?? []).map((r, i) => ({
      path: `spec.egress[${i}]`,
      ports: r.ports,
      peers: r.to,
      peerField: 'to',
    })),
  ];
  for (const r of rules) {
    (r.ports ?? []).forEach((p, i) => errs.push(...portErrors(p, `${r.path}.ports[${i}]`)));
    (r.peers ?? []).forEach((p, i) =>
      errs.push(...peerErrors(p, `${r.path}.${r.peerField}[${i}]`)),
    );
  }
  const types = spec.policyTypes ?? [];
  if (types.length > 2) {
    errs.push(
      invalid(
        'spec.policyTypes',
        goRepr(`&[]networking.PolicyType{${types.map((t) => `"${t}"`).join(', ')}}`),
        'may not specify more than two policyTypes',
      ),
    );
    return errs;
  }
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress')
      errs.push(notSupported(`spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']));
  });
  return errs;
}

function portErrors(p: NetworkPolicyPort, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (p.protocol && !['TCP', 'UDP', 'SCTP'].includes(p.protocol))
    errs.push(notSupported(`${path}.protocol`, p.protocol, ['TCP', 'UDP', 'SCTP']));
  if (p.port === undefined) {
    if (p.endPort !== undefined)
      errs.push(
        invalid(`${path}.endPort`, p.endPort, 'may not be specified when `port` is not specified'),
      );
  } else if (typeof p.port === 'number') {
    for (const msg of portNumErrors(p.port)) errs.push(invalid(`${path}.port`, p.port, msg));
    if (p.endPort !== undefined) {
      if (p.endPort < p.port)
        errs.push(invalid(`${path}.endPort`, p.endPort, 'must be greater than or equal to `port`'));
      for (const msg of portNumErrors(p.endPort))
        errs.push(invalid(`${path}.endPort`, p.endPort, msg));
    }
  } else {
    if (p.endPort !== undefined)
      errs.push(
        invalid(`${path}.endPort`, p.endPort, 'may not be specified when `port` is non-numeric'),
      );
    for (const msg of portNameErrors(p.port)) errs.push(invalid(`${path}.port`, p.port, msg));
  }
  return errs;
}

function peerErrors(peer: NetworkPolicyPeer, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  if (peer.podSelector) {
    n++;
    errs.push(...validateLabelSelector(peer.podSelector, `${path}.podSelector`));
  }
  if (peer.namespaceSelector) {
    n++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`));
  }
  if (peer.ipBlock) {
    n++;
    const cidr = peer.ipBlock.cidr ?? '';
    if (!cidr) errs.push(required(`${path}.ipBlock.cidr`, ''));
    else {
      const outer = parseCidr(cidr);
      if (!outer)
        errs.push(
          invalid(
            `${path}.ipBlock.cidr`,
            cidr,
            'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
          ),
        );
      (peer.ipBlock.except ?? []).forEach((e, i) => {
        const ep = `${path}.ipBlock.except[${i}]`;
        const inner = parseCidr(e);
        if (!inner)
          errs.push(
            invalid(ep, e, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'),
          );
        else if (outer && (inner.bits <= outer.bits || !cidrContains(outer, inner.base)))
          errs.push(invalid(ep, e, 'must be a strict subset of `cidr`'));
      });
    }
  }
  if (n === 0) errs.push(required(path, 'must specify a peer'));
  else if (n > 1 && peer.ipBlock)
    errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}
