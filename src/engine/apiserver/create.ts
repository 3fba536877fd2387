import { applyDefaults } from '../api/defaults';
import { decodeError, validateObject } from '../api/validation';
import { invalidStatus } from '../api/fielderrors';
import { resourceForPlural, type ResourceInfo } from '../api/resources';
import type { KubeObject, Pod, Service } from '../api/types';
import { shortKey } from '../etcd/server';
import { generateName } from '../sim/names';
import {
  admitDefaultTolerations,
  admitServiceAccount,
  prepareJobForCreate,
  preparePodForCreate,
} from './admission';
import * as errors from './errors';
import { clone } from './patch';
import type { ApiRequest } from './types';
import type { ApiServer, Reply } from './server';

export function createObject(
  s: ApiServer,
  info: ResourceInfo,
  req: ApiRequest,
  reply: Reply,
): void {
  const obj = clone(req.body as KubeObject);
  if (!obj || typeof obj !== 'object')
    return reply({
      code: 400,
      body: errors.badRequest('the body of the request was in an unknown format'),
    });
  const meta = (obj.metadata = obj.metadata ?? {});
  const undecodable = decodeError(obj);
  if (undecodable) return reply({ code: 400, body: errors.badRequest(undecodable) });
  if (obj.kind !== info.kind) {
    return reply({
      code: 400,
      body: errors.badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${info.apiVersion})`,
      ),
    });
  }
  if (info.namespaced) {
    if (meta.namespace && req.namespace && meta.namespace !== req.namespace) {
      return reply({
        code: 400,
        body: errors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        ),
      });
    }
    meta.namespace = meta.namespace ?? req.namespace ?? 'default';
  } else delete meta.namespace;
  if (!meta.name && meta.generateName) meta.name = generateName(s.rng, meta.generateName);

  // Mutating admission.
  s.stage(
    'mutating admission',
    'NamespaceLifecycle, ServiceAccount, DefaultTolerationSeconds, defaults',
  );
  if (info.namespaced) {
    const ns = s.peek(s.key(resourceForPlural('namespaces')!, undefined, meta.namespace!));
    if (!ns)
      return reply({
        code: 404,
        body: errors.notFound(resourceForPlural('namespaces')!, meta.namespace!),
      });
    if (ns.metadata?.deletionTimestamp && info.kind !== 'Event') {
      return reply({
        code: 403,
        body: errors.forbidden(
          info,
          meta.name ?? '',
          `unable to create new content in namespace ${meta.namespace} because it is being terminated`,
        ),
      });
    }
  }
  applyDefaults(obj);
  meta.uid = s.rng.uuid();
  meta.creationTimestamp = s.clock.timestamp();
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  if ('spec' in obj && !['Pod', 'Node', 'Namespace', 'Service'].includes(info.kind))
    meta.generation = 1;
  if (info.kind === 'Pod') {
    const pod = obj as Pod;
    if (pod.spec) {
      admitServiceAccount(pod, s.rng);
      admitDefaultTolerations(pod);
      preparePodForCreate(pod);
    }
  }
  if (info.kind === 'Job' && (obj as { spec?: unknown }).spec)
    prepareJobForCreate(obj as never, meta.uid);
  if (info.kind === 'Namespace') obj.status = { phase: 'Active' };

  // Validation.
  s.stage('validation', `validate ${info.kind} ${meta.name ?? ''}`);
  const errs = validateObject(obj);
  if (errs.length > 0)
    return reply({
      code: 422,
      body: invalidStatus(info.group, info.kind, meta.name ?? '', errs),
    });

  // Validating admission.
  s.stage('validating admission', 'NamespaceLifecycle, ServiceAccount, ResourceQuota');
  if (info.kind === 'Pod') {
    const sa = (obj as Pod).spec!.serviceAccountName!;
    if (!s.peek(s.key(resourceForPlural('serviceaccounts')!, meta.namespace, sa))) {
      return reply({
        code: 403,
        body: errors.forbidden(
          info,
          meta.name!,
          `error looking up service account ${meta.namespace}/${sa}: serviceaccount "${sa}" not found`,
        ),
      });
    }
  }
  if (info.kind === 'Service') {
    const err = s.allocator.allocate(obj as Service);
    if (err)
      return reply({
        code: 422,
        body: errors.invalid(info, meta.name!, `${info.kind} "${meta.name}" is invalid: ${err}`),
      });
  }
  if (req.dryRun) return reply({ code: 201, body: obj });

  const key = s.key(info, meta.namespace, meta.name!);
  const value = JSON.stringify(obj);
  s.etcd.txn(
    key,
    `txn create ${shortKey(key)}`,
    (store) => store.put(key, value, 0),
    (r) => {
      if (!r.ok) {
        if (info.kind === 'Service') s.allocator.release(obj as Service);
        return reply({ code: 409, body: errors.alreadyExists(info, meta.name!) });
      }
      reply({ code: 201, body: s.live(r.kv!) });
    },
    s.etcdTimeout(reply),
  );
}
