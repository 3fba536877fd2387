import type { JSONSchemaProps } from 'kubernetes-types/apiextensions/v1';
import { invalid } from '../../api/fielderrors';
import { dns1123SubdomainErrors } from '../../api/names';
import { validateObjectMeta } from '../../api/podvalidation';
import type { ResourceInfo } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import { onDemand } from '../../onDemand';
import { clone, jsonEqual } from '../patch';
import type { RESTStrategy } from '../registry/strategy';

const BLOCKED =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

/**
 * crd: the strategy of a custom resource (k/k: apiextensions-apiserver/pkg/registry/
 * customresource/strategy.go): its version's structural schema prunes, defaults and validates
 * it; with the status subresource, writes to the main resource keep the stored status; the
 * generation starts at 1 and grows with every change outside metadata (and status). The schema
 * code is loaded on demand (../../onDemand.ts): only a learner's CRD makes a custom resource.
 */
export function customResourceStrategy(info: ResourceInfo): RESTStrategy {
  const version = info.crd!.spec.versions.find((v) => v.name === info.version)!;
  const schema = version.schema?.openAPIV3Schema as JSONSchemaProps | undefined;
  const hasStatus = info.subresources.includes('status');
  const validate = (obj: KubeObject, old?: KubeObject) => {
    const errs = [
      ...validateObjectMeta(obj.metadata, dns1123SubdomainErrors, info.namespaced),
      ...(schema ? onDemand().validateWithSchema(obj as Record<string, unknown>, schema) : []),
    ];
    if (!schema) return errs;
    // The CEL rules (x-kubernetes-validations) do not run on a value of the wrong type
    // (k/k strategy.go hasBlockingErr).
    if (errs.some((e) => e.detail?.includes(' must be of type '))) {
      errs.push(invalid('<nil>', null, BLOCKED));
      return errs;
    }
    return [...errs, ...onDemand().validationRuleFailures(obj, schema, old)];
  };
  const prepare = (obj: KubeObject) => {
    // Served versions share one schema-less conversion (`None`): only apiVersion changes.
    obj.apiVersion = info.apiVersion;
    onDemand().applySchemaDefaults(obj, schema);
  };
  return {
    tracksGeneration: true,
    allowCreateOnUpdate: false,
    prepareForCreate(obj) {
      if (hasStatus) delete (obj as { status?: unknown }).status;
      prepare(obj);
      // k/k customresource strategy: every custom resource starts at generation 1.
      obj.metadata!.generation = 1;
    },
    prepareForUpdate(next, old) {
      if (hasStatus) (next as { status?: unknown }).status = clone(old.status);
      prepare(next);
      const body = (o: KubeObject) => {
        const { metadata: _m, status: _s, ...rest } = o as Record<string, unknown>;
        return hasStatus ? rest : { ...rest, status: _s };
      };
      if (!jsonEqual(body(next), body(old)))
        next.metadata!.generation = (old.metadata?.generation ?? 0) + 1;
      return next;
    },
    validate: (obj) => validate(obj),
    validateUpdate: (obj, old) => validate(obj, old),
    gracePeriod: () => 0,
    unknownFields: (obj, drop) =>
      schema ? onDemand().unknownFields(obj as Record<string, unknown>, schema, drop) : [],
  };
}
