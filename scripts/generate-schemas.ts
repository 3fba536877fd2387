/**
 * Generates the JSON Schema the YAML editor validates, completes and documents manifests with.
 *
 * The schemas come from the TypeScript declarations of the `kubernetes-types` package (the same
 * types the engine uses), converted with `ts-json-schema-generator`, so their TSDoc becomes the
 * hover documentation. Output: `src/ui/editor/schemas/generated/kubernetes.schema.json`, one
 * combined draft-07 schema that picks each document's schema from its `kind`, so every document
 * of a multi-document file (`---`) validates against its own kind.
 *
 * Run with `npm run schemas` (tsx); also the install hook and first use (see {@link ensureGenerated}).
 * Skips the work when the output is up to date; `--force` regenerates anyway, `--quiet` says
 * nothing when there was nothing to do.
 */
import { writeFieldTable } from './field-table';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type ts from 'typescript';
import { EXPLAIN_OUT, writeExplainData, writeFileAtomic } from './explain-data';
import type { CompletedConfig } from 'ts-json-schema-generator';
import {
  GENERATED_SCHEMA_FILE,
  SCHEMA_KINDS,
  type SchemaKind,
} from '../src/ui/editor/schemas/kinds';

/** A JSON Schema node, loosely typed: the generator's output is plain JSON. */
export type JsonSchema = { [key: string]: unknown };

/** One kind's schema as the generator returns it: the root object plus its `definitions`. */
export interface KindSchema {
  readonly source: SchemaKind;
  readonly schema: JsonSchema;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const typesRoot = join(repoRoot, 'node_modules', 'kubernetes-types');
/** Where the editor imports the schema from (gitignored). */
export const DEFAULT_OUT_DIR = join(repoRoot, 'src', 'ui', 'editor', 'schemas', 'generated');
const STAMP_FILE = 'stamp.json';

/**
 * Converts the declarations of every kind in `kinds` to JSON Schema, one schema per kind.
 * One TypeScript program serves all kinds, which keeps the run to a few seconds.
 */
export async function generateKindSchemas(
  kinds: readonly SchemaKind[] = SCHEMA_KINDS,
): Promise<KindSchema[]> {
  // Loaded on demand: the up-to-date check then runs without loading the TypeScript compiler.
  const { default: typescript } = await import('typescript');
  const { createFormatter, createParser, createProgram, DEFAULT_CONFIG, SchemaGenerator } =
    await import('ts-json-schema-generator');
  const modules = [...new Set(kinds.map((k) => k.module))];
  const config: CompletedConfig = {
    ...DEFAULT_CONFIG,
    path: join(typesRoot, `{${modules.join(',')}}.d.ts`),
    // The package is published already type-checked; checking it again costs seconds.
    skipTypeCheck: true,
    // TSDoc → `description`: it becomes the hover text and later `kubectl explain`.
    jsDoc: 'extended',
    // kubectl validates strictly by default (`--validate=strict`): unknown fields are errors.
    additionalProperties: false,
    expose: 'export',
    topRef: false,
    sortProps: false,
  };
  if (modules.length === 1) config.path = join(typesRoot, `${modules[0]}.d.ts`);
  const program = createProgram(config);
  const generator = new SchemaGenerator(
    program,
    createParser(program, config),
    createFormatter(config),
    config,
  );
  return kinds.map((source) => {
    const file = program.getSourceFile(join(typesRoot, `${source.module}.d.ts`));
    const node = file?.statements.find(
      (s): s is ts.InterfaceDeclaration =>
        typescript.isInterfaceDeclaration(s) && s.name.text === source.kind,
    );
    if (!node) throw new Error(`kubernetes-types/${source.module} declares no ${source.kind}`);
    return { source, schema: generator.createSchemaFromNodes([node]) as JsonSchema };
  });
}

/** Rewrites every `$ref: '#/definitions/<old>'` in `node` for the names in `renames`. */
function renameRefs(node: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) return node.map((n) => renameRefs(n, renames));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
      const name = decodeURIComponent(value.slice('#/definitions/'.length));
      out[key] = `#/definitions/${encodeURIComponent(renames.get(name) ?? name)}`;
    } else {
      out[key] = renameRefs(value, renames);
    }
  }
  return out;
}

/**
 * Adjusts a generated definition where the TypeScript type is narrower than what the API server
 * accepts. Returns the definition to keep.
 */
function patchDefinition(name: string, def: JsonSchema): JsonSchema {
  switch (name) {
    // resource.Quantity unmarshals from a JSON string or number (`cpu: 0.5`, `memory: 128Mi`).
    // k/k: staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go UnmarshalJSON
    case 'Quantity':
      return { ...def, type: ['string', 'number'] };
    // metav1.Time and MicroTime unmarshal `null` as the zero time, and `kubectl create
    // --dry-run=client -o yaml` prints `creationTimestamp: null`, which learners paste back.
    // k/k: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/time.go UnmarshalJSON
    case 'Time':
    case 'MicroTime':
      return { ...def, type: ['string', 'null'] };
    // corpus-apps: v1.31 fields that kubernetes-types 1.30 lacks. The v1.31 API server knows
    // them (strict decoding accepts them) and drops them while their alpha gate is off
    // (k/k: pkg/api/pod/util.go dropDisabledPodFields; src/engine/api/dropDisabled.ts).
    case 'Volume':
      return withProperties(def, {
        image: {
          description:
            "image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine (alpha, ImageVolume).",
          type: 'object',
          properties: { reference: { type: 'string' }, pullPolicy: { type: 'string' } },
        },
      });
    case 'PodSecurityContext':
      return withProperties(def, {
        supplementalGroupsPolicy: {
          description:
            'Defines how supplemental groups of the first container processes are calculated: "Merge" or "Strict" (alpha, SupplementalGroupsPolicy).',
          type: 'string',
        },
      });
    // v1.31 reshaped DRA's pod fields (KEP-4381, resource.k8s.io/v1alpha3): PodResourceClaim's
    // `source` (ClaimSource) gave way to `resourceClaimName` / `resourceClaimTemplateName`, and a
    // container's claim may name one `request`. kubernetes-types 1.30 still has `source`.
    // k/k release-1.31: staging/src/k8s.io/api/core/v1/types.go PodResourceClaim, ResourceClaim.
    case 'PodResourceClaim': {
      const { source: _source, ...props } = (def.properties ?? {}) as Record<string, JsonSchema>;
      return {
        ...def,
        properties: {
          ...props,
          resourceClaimName: {
            description:
              'ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod. Exactly one of ResourceClaimName and ResourceClaimTemplateName must be set.',
            type: 'string',
          },
          resourceClaimTemplateName: {
            description:
              'ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod. The template will be used to create a new ResourceClaim, which will be bound to this pod.',
            type: 'string',
          },
        },
      };
    }
    case 'ResourceClaim':
      // core/v1's container claim only (resource.k8s.io's ResourceClaim kind has a spec).
      return 'spec' in ((def.properties ?? {}) as object)
        ? def
        : withProperties(def, {
            request: {
              description:
                'Request is the name chosen for a request in the referenced claim. If empty, everything from the claim is made available, otherwise only the result of this request.',
              type: 'string',
            },
          });
    // corpus-policy: kubernetes-types 1.30 drops the fields admissionregistration/v1's
    // NamedRuleWithOperations inlines from Rule (`resources`, `scope`), which every
    // ValidatingAdmissionPolicy's resourceRules use. k/k: staging/src/k8s.io/api/
    // admissionregistration/v1/types.go NamedRuleWithOperations (`RuleWithOperations` inline).
    // apf: so does the webhooks' RuleWithOperations (k/k: admissionregistration/v1 Rule inline).
    case 'RuleWithOperations':
    case 'NamedRuleWithOperations': {
      const props = (def.properties ?? {}) as Record<string, JsonSchema>;
      return {
        ...def,
        properties: {
          ...props,
          resources: { type: 'array', items: { type: 'string' } },
          scope: { type: 'string' },
        },
      };
    }
    // crd: kubernetes-types declares none of JSONSchemaProps' `x-kubernetes-*` extensions, which
    // the API server decodes (k/k: staging/src/k8s.io/apiextensions-apiserver/pkg/apis/
    // apiextensions/v1/types_jsonschema.go XPreserveUnknownFields… with their JSON names).
    case 'JSONSchemaProps':
      return withProperties(def, {
        'x-kubernetes-preserve-unknown-fields': { type: 'boolean' },
        'x-kubernetes-embedded-resource': { type: 'boolean' },
        'x-kubernetes-int-or-string': { type: 'boolean' },
        'x-kubernetes-list-map-keys': { type: 'array', items: { type: 'string' } },
        'x-kubernetes-list-type': { type: 'string' },
        'x-kubernetes-map-type': { type: 'string' },
        'x-kubernetes-validations': {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              rule: { type: 'string' },
              message: { type: 'string' },
              messageExpression: { type: 'string' },
              reason: { type: 'string' },
              fieldPath: { type: 'string' },
              optionalOldSelf: { type: 'boolean' },
            },
          },
        },
      });
    default:
      return def;
  }
}

/**
 * crd: an apiVersion that is not a custom resource's: the core group (`v1`), a group without a
 * dot (`apps/v1`, or a typo such as `app/v1`), or one of the built-in dotted groups.
 */
function builtInApiVersionPattern(apiVersions: readonly string[]): string {
  const dotted = [
    ...new Set(apiVersions.filter((v) => v.includes('/')).map((v) => v.split('/')[0])),
  ].filter((g) => g.includes('.'));
  const escaped = dotted.map((g) => g.replace(/\./g, '\\.'));
  return `^([^/.]*/|[^/]*$|(${escaped.join('|')})/)`;
}

/** corpus-apps: `def` with more properties. */
function withProperties(def: JsonSchema, more: Record<string, JsonSchema>): JsonSchema {
  return { ...def, properties: { ...((def.properties as object) ?? {}), ...more } };
}

/** The root schema of one kind with `apiVersion` and `kind` required (kubectl refuses without). */
function requireTypeMeta(root: JsonSchema): JsonSchema {
  const required = Array.isArray(root.required) ? (root.required as string[]) : [];
  return {
    ...root,
    required: ['apiVersion', 'kind', ...required.filter((r) => r !== 'apiVersion' && r !== 'kind')],
  };
}

/**
 * Merges per-kind schemas into one schema. Each kind's root becomes `definitions[<Kind>]`; a
 * nested definition whose name is taken by a different type (core/v1 and discovery/v1 both
 * declare `EndpointPort`) is renamed `<module>.<Name>` within that kind. The root dispatches on
 * `kind` with `allOf: [{ if: {kind: const}, then: {$ref} }]`: the `apiVersion` is then checked by
 * the kind's own schema, so `kind: Deployment` with `apiVersion: v1` reports the expected value.
 * A kind served under two apiVersions would dispatch on both fields.
 */
export function combineKindSchemas(kindSchemas: readonly KindSchema[]): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  const rootNames = new Map<KindSchema, string>();
  const kindCount = new Map<string, number>();
  for (const { source } of kindSchemas)
    kindCount.set(source.kind, (kindCount.get(source.kind) ?? 0) + 1);

  for (const entry of kindSchemas) {
    const { source } = entry;
    const {
      definitions: ownDefs = {},
      $schema: _schema,
      ...root
    } = entry.schema as JsonSchema & {
      definitions?: Record<string, JsonSchema>;
    };
    const prefix = source.module.replace('/', '.');
    const rootName = kindCount.get(source.kind) === 1 ? source.kind : `${prefix}.${source.kind}`;
    rootNames.set(entry, rootName);
    // Rename until stable: renaming one definition changes the text of those that refer to it.
    const renames = new Map<string, string>();
    if (rootName in definitions) throw new Error(`duplicate kind ${rootName}`);
    for (let changed = true; changed;) {
      changed = false;
      for (const [name, def] of Object.entries(ownDefs)) {
        if (renames.has(name) || !(name in definitions)) continue;
        const mine = JSON.stringify(patchDefinition(name, renameRefs(def, renames) as JsonSchema));
        if (mine !== JSON.stringify(definitions[name])) {
          renames.set(name, `${prefix}.${name}`);
          changed = true;
        }
      }
    }
    for (const [name, def] of Object.entries(ownDefs)) {
      const finalName = renames.get(name) ?? name;
      definitions[finalName] ??= patchDefinition(name, renameRefs(def, renames) as JsonSchema);
    }
    definitions[rootName] = requireTypeMeta(renameRefs(root, renames) as JsonSchema);
  }

  const kinds = [...new Set(kindSchemas.map((k) => k.source.kind))];
  const apiVersions = [...new Set(kindSchemas.map((k) => k.source.apiVersion))];
  const sample = definitions[rootNames.get(kindSchemas[0])!]?.properties as
    Record<string, JsonSchema> | undefined;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    description: 'A Kubernetes object of one of the kinds kubeglass serves.',
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: { type: 'string', description: sample?.apiVersion?.description },
      kind: { type: 'string', description: sample?.kind?.description },
    },
    allOf: [
      // crd: the kinds and versions the cluster serves are listed, except for a custom group
      // (a dotted one not built in, `stable.example.com/v1`): its kinds come from CRDs, whose
      // schemas the API server holds, so such a document is left to the server.
      {
        if: { properties: { apiVersion: { pattern: builtInApiVersionPattern(apiVersions) } } },
        then: {
          properties: { apiVersion: { enum: apiVersions }, kind: { enum: kinds } },
        },
      },
      ...kindSchemas.map((entry) => {
        const { kind, apiVersion } = entry.source;
        const properties: JsonSchema =
          kindCount.get(kind) === 1
            ? { kind: { const: kind } }
            : { kind: { const: kind }, apiVersion: { const: apiVersion } };
        return {
          if: { properties, required: Object.keys(properties) },
          then: { $ref: `#/definitions/${encodeURIComponent(rootNames.get(entry)!)}` },
        };
      }),
    ],
    definitions,
  };
}

/** A fingerprint of everything the output depends on, stored beside it. */
function inputStamp(): string {
  const hash = createHash('sha256');
  for (const file of [
    join(typesRoot, 'package.json'),
    join(repoRoot, 'node_modules', 'ts-json-schema-generator', 'package.json'),
    fileURLToPath(import.meta.url),
    join(repoRoot, 'src', 'ui', 'editor', 'schemas', 'kinds.ts'),
  ]) {
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

function isUpToDate(outDir: string, stamp: string): boolean {
  try {
    const out = statSync(join(outDir, GENERATED_SCHEMA_FILE));
    const saved = JSON.parse(readFileSync(join(outDir, STAMP_FILE), 'utf8')) as { stamp?: string };
    // npm may keep the tarball's file times, so the content stamp decides; the time check
    // catches a reinstall that rewrote the package.
    return (
      saved.stamp === stamp && out.mtimeMs >= statSync(join(typesRoot, 'package.json')).mtimeMs
    );
  } catch {
    return false;
  }
}

/**
 * Writes the combined schema into `outDir` unless it is already up to date.
 * @returns whether the schema was (re)generated.
 */
export async function generateSchemas(outDir = DEFAULT_OUT_DIR, force = false): Promise<boolean> {
  const stamp = inputStamp();
  if (!force && isUpToDate(outDir, stamp)) return false;
  const combined = combineKindSchemas(await generateKindSchemas());
  mkdirSync(outDir, { recursive: true });
  writeFileAtomic(join(outDir, GENERATED_SCHEMA_FILE), JSON.stringify(combined));
  writeFileAtomic(join(outDir, STAMP_FILE), JSON.stringify({ stamp }) + '\n');
  return true;
}

/**
 * Makes every generated file current: the editor's schema, then the data `kubectl explain` reads
 * (src/engine/kubectl/generated/explain.json). Both are gitignored, so a fresh clone has neither:
 * this runs from the install hook (`prepare`), from `npm run schemas`, on first use by `npm run
 * sim` and by Vite (build, dev, preview), and before Vitest. Cheap when nothing changed: a hash of
 * four small files, no TypeScript compile.
 * @param log where to say what was written; nothing is said when all is up to date.
 */
export async function ensureGenerated(
  options: { force?: boolean; log?: (line: string) => void } = {},
): Promise<void> {
  const { force = false, log = () => {} } = options;
  const started = performance.now();
  if (await generateSchemas(DEFAULT_OUT_DIR, force)) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(`schemas: wrote ${GENERATED_SCHEMA_FILE} for ${SCHEMA_KINDS.length} kinds in ${seconds} s`);
  }
  if (writeExplainData(join(DEFAULT_OUT_DIR, GENERATED_SCHEMA_FILE), EXPLAIN_OUT, force)) {
    log('schemas: wrote src/engine/kubectl/generated/explain.json');
  }
  // The API server's decoder reads the Go type of every field from the engine's side
  // (src/engine/api/generated/fields.json, gitignored), built from the schema.
  if (writeFieldTable(join(DEFAULT_OUT_DIR, GENERATED_SCHEMA_FILE))) {
    log('schemas: wrote src/engine/api/generated/fields.json');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quiet = process.argv.includes('--quiet');
  let said = false;
  await ensureGenerated({
    force: process.argv.includes('--force'),
    log: (line) => {
      said = true;
      console.log(line);
    },
  });
  if (!said && !quiet) console.log('schemas: up to date');
}
