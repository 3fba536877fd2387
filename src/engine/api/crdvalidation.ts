/**
 * crd: validation of CustomResourceDefinitions as kube-apiserver v1.31 does it (k/k: staging/src/
 * k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go
 * ValidateCustomResourceDefinition, and pkg/apiserver/schema/validation.go ValidateStructural),
 * for the mistakes a learner makes: the name, the group, the scope, the names, exactly one storage
 * version, a structural schema in every version, printer columns and the conversion webhook.
 */
import type { CustomResourceDefinition, JSONSchemaProps } from 'kubernetes-types/apiextensions/v1';
import { forbidden, goRepr, invalid, notSupported, required, type FieldError } from './fielderrors';
import { dns1035LabelErrors, dns1123SubdomainErrors } from './names';
import { validateObjectMeta } from './podvalidation';
import { validationRuleErrors } from './crValidationRules';

type Crd = CustomResourceDefinition;

/** k/k printerColumnDatatypes and customResourceColumnDefinitionFormats, sorted as Go lists them. */
const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = [
  'byte',
  'date',
  'date-time',
  'double',
  'float',
  'hostname',
  'int32',
  'int64',
  'ipv4',
  'ipv6',
  'name',
  'password',
];
const SCHEMA_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

/** Go's `%#v` of spec.versions is long; kubectl users see the detail, which is what matters. */
const versionsRepr = (crd: Crd) =>
  goRepr(
    `[]apiextensions.CustomResourceDefinitionVersion{${(crd.spec?.versions ?? [])
      .map(
        (v) => `apiextensions.CustomResourceDefinitionVersion{Name:${JSON.stringify(v.name)}, …}`,
      )
      .join(', ')}}`,
  );

export function validateCustomResourceDefinition(crd: Crd, old?: Crd): FieldError[] {
  const spec = crd.spec ?? ({} as Crd['spec']);
  const names = spec.names ?? ({} as Crd['spec']['names']);
  const wanted = `${names.plural ?? ''}.${spec.group ?? ''}`;
  const errs = validateObjectMeta(
    crd.metadata as never,
    (name) => [
      ...dns1123SubdomainErrors(name),
      ...(name === wanted ? [] : ['must be spec.names.plural+"."+spec.group']),
    ],
    false,
  );
  if (!spec.group) errs.push(required('spec.group'));
  else {
    const bad = dns1123SubdomainErrors(spec.group);
    if (bad.length) errs.push(invalid('spec.group', spec.group, bad.join(',')));
    else if (!spec.group.includes('.'))
      errs.push(invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  }
  if (!spec.scope) errs.push(required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced')
    errs.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));

  const versions = spec.versions ?? [];
  versions.forEach((v, i) => {
    const path = `spec.versions[${i}]`;
    if (!v.schema?.openAPIV3Schema)
      errs.push(required(`${path}.schema.openAPIV3Schema`, 'schemas are required'));
  });
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    const path = `spec.versions[${i}]`;
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    const bad = dns1035LabelErrors(v.name ?? '');
    if (bad.length) errs.push(invalid(`${path}.name`, v.name ?? '', bad.join(',')));
    const schema = v.schema?.openAPIV3Schema;
    if (schema) {
      errs.push(...validateStructural(schema, `${path}.schema.openAPIV3Schema`, true));
      errs.push(...validationRuleErrors(schema, `${path}.schema.openAPIV3Schema`));
    }
    (v.additionalPrinterColumns ?? []).forEach((c, j) => {
      const cp = `${path}.additionalPrinterColumns[${j}]`;
      if (!c.name) errs.push(required(`${cp}.name`));
      const typeDetail = `must be one of ${COLUMN_TYPES.join(',')}`;
      if (!c.type) errs.push(required(`${cp}.type`, typeDetail));
      else if (!COLUMN_TYPES.includes(c.type)) errs.push(invalid(`${cp}.type`, c.type, typeDetail));
      if (c.format && !COLUMN_FORMATS.includes(c.format))
        errs.push(invalid(`${cp}.format`, c.format, `must be one of ${COLUMN_FORMATS.join(',')}`));
      if (!c.jsonPath) errs.push(required(`${cp}.JSONPath`));
    });
    (v.selectableFields ?? []).forEach((f, j) => {
      const fp = `${path}.selectableFields[${j}].jsonPath`;
      if (!f.jsonPath) return errs.push(required(fp));
      const target = schema && schemaAt(schema, f.jsonPath);
      if (f.jsonPath.startsWith('.metadata'))
        errs.push(invalid(fp, f.jsonPath, 'must not point to fields in metadata'));
      else if (!target || !['string', 'boolean', 'integer'].includes(target.type ?? ''))
        errs.push(
          invalid(
            fp,
            f.jsonPath,
            'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.',
          ),
        );
    });
  });
  if (!unique)
    errs.push(invalid('spec.versions', versionsRepr(crd), 'must contain unique version names'));
  if (versions.filter((v) => v.storage).length !== 1)
    errs.push(
      invalid(
        'spec.versions',
        versionsRepr(crd),
        'must have exactly one version marked as storage version',
      ),
    );

  if (!names.plural) errs.push(required('spec.names.plural'));
  if (!names.singular) errs.push(required('spec.names.singular'));
  if (!names.kind) errs.push(required('spec.names.kind'));
  if (!names.listKind) errs.push(required('spec.names.listKind'));
  errs.push(...validateNames(names, 'spec.names'));

  const conv = spec.conversion;
  if (conv) {
    if (!conv.strategy) errs.push(required('spec.conversion.strategy'));
    else if (conv.strategy !== 'None' && conv.strategy !== 'Webhook')
      errs.push(notSupported('spec.conversion.strategy', conv.strategy, ['None', 'Webhook']));
    if (conv.strategy === 'Webhook') {
      const cc = conv.webhook?.clientConfig;
      if (!cc)
        errs.push(
          required(
            'spec.conversion.webhookClientConfig',
            'required when strategy is set to Webhook',
          ),
        );
      else if (!cc.url === !cc.service)
        errs.push(
          required(
            'spec.conversion.webhookClientConfig',
            'exactly one of url or service is required',
          ),
        );
      else if (cc.url && !cc.url.startsWith('https://'))
        errs.push(
          invalid(
            'spec.conversion.webhookClientConfig.url',
            cc.url,
            "'https' is the only allowed URL scheme",
          ),
        );
      if (!conv.webhook?.conversionReviewVersions?.length)
        errs.push(required('spec.conversion.conversionReviewVersions'));
    } else if (conv.webhook)
      errs.push(
        forbidden(
          'spec.conversion.webhookClientConfig',
          'should not be set when strategy is not set to Webhook',
        ),
      );
  }
  if (old) {
    // k/k validateCustomResourceDefinitionSpecUpdate: the resource's name cannot change.
    if (spec.group !== old.spec?.group)
      errs.push(invalid('spec.group', spec.group ?? '', 'field is immutable'));
    if (names.plural !== old.spec?.names?.plural)
      errs.push(invalid('spec.names.plural', names.plural ?? '', 'field is immutable'));
  }
  errs.push(...validateStoredVersions(crd));
  return errs;
}

function validateNames(names: Crd['spec']['names'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const check = (field: string, value: string | undefined, lower: boolean) => {
    if (!value) return;
    const bad = dns1035LabelErrors(lower ? value.toLowerCase() : value);
    if (bad.length)
      errs.push(
        invalid(
          `${path}.${field}`,
          value,
          (lower ? 'may have mixed case, but should otherwise match: ' : '') + bad.join(','),
        ),
      );
  };
  check('plural', names.plural, false);
  check('singular', names.singular, false);
  check('kind', names.kind, true);
  check('listKind', names.listKind, true);
  (names.shortNames ?? []).forEach((s, i) => {
    const bad = dns1035LabelErrors(s);
    if (bad.length) errs.push(invalid(`${path}.shortNames[${i}]`, s, bad.join(',')));
  });
  if (names.kind && names.kind === names.listKind)
    errs.push(invalid(`${path}.listKind`, names.listKind, 'kind and listKind may not be the same'));
  return errs;
}

/** k/k ValidateCustomResourceDefinitionStoredVersions (status.storedVersions is the server's). */
function validateStoredVersions(crd: Crd): FieldError[] {
  const stored = crd.status?.storedVersions ?? [];
  const storage = (crd.spec?.versions ?? []).find((v) => v.storage);
  if (storage && !stored.includes(storage.name))
    return [
      invalid('status.storedVersions', stored, `must have the storage version ${storage.name}`),
    ];
  return [];
}

/**
 * k/k structuralschema ValidateStructural, for the mistakes that matter: every specified field
 * has a type, the root is an object, types are OpenAPI's, properties and additionalProperties
 * do not mix.
 */
function validateStructural(s: JSONSchemaProps, path: string, root: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ext = s as Record<string, unknown>;
  const free =
    ext['x-kubernetes-preserve-unknown-fields'] === true ||
    ext['x-kubernetes-int-or-string'] === true ||
    ext['x-kubernetes-embedded-resource'] === true;
  if (root) {
    if (!s.type) errs.push(required(`${path}.type`, 'must not be empty at the root'));
    else if (s.type !== 'object')
      errs.push(invalid(`${path}.type`, s.type, 'must be object at the root'));
  } else if (!s.type && !free)
    errs.push(required(`${path}.type`, 'must not be empty for specified object fields'));
  if (s.type && !SCHEMA_TYPES.includes(s.type))
    errs.push(notSupported(`${path}.type`, s.type, SCHEMA_TYPES));
  if (s.properties && Object.keys(s.properties).length && isSchema(s.additionalProperties))
    errs.push(
      forbidden(
        `${path}.additionalProperties`,
        'additionalProperties and properties are mutual exclusive',
      ),
    );
  for (const [k, p] of Object.entries(s.properties ?? {}))
    errs.push(...validateStructural(p, `${path}.properties[${k}]`, false));
  if (s.type === 'array' && !s.items) errs.push(required(`${path}.items`, 'must be specified'));
  if (isSchema(s.items)) errs.push(...validateStructural(s.items, `${path}.items`, false));
  if (isSchema(s.additionalProperties))
    errs.push(...validateStructural(s.additionalProperties, `${path}.additionalProperties`, false));
  return errs;
}

function isSchema(v: unknown): v is JSONSchemaProps {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The schema a simple JSONPath (`.spec.color`) points to, or undefined. */
export function schemaAt(schema: JSONSchemaProps, jsonPath: string): JSONSchemaProps | undefined {
  let s: JSONSchemaProps | undefined = schema;
  for (const seg of jsonPath.replace(/^\./, '').split('.')) {
    if (!s || !seg) return undefined;
    s = s.properties?.[seg];
  }
  return s;
}
