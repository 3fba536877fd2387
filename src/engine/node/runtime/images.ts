/**
 * The simulated image registry: a catalogue of real public images a Kubernetes course uses,
 * Docker's image-reference grammar, and containerd's pull errors.
 *
 * Everything is pure and deterministic: digests are derived from names by a hash, never random.
 */
import type { ImageKind, RepoEntry } from './catalogue/types';
import { SYSTEM_IMAGES } from './catalogue/system';
import { onDemand } from '../../onDemand';
import { fnv32a } from '../../sim/names';

/** One megabyte, as registries count image sizes. */
export const MB = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Image references (github.com/distribution/reference, as the kubelet and containerd use it)
// ---------------------------------------------------------------------------------------------

/** A normalized image reference, as containerd names images. */
export interface ImageReference {
  /** `docker.io`, `registry.k8s.io`, … */
  registry: string;
  /** Path inside the registry: `library/nginx`, `e2e-test-images/agnhost`. */
  repository: string;
  /** The tag; `latest` is applied when neither tag nor digest is given. */
  tag?: string;
  /** `sha256:<64 hex>` when the reference pins a digest. */
  digest?: string;
  /** `docker.io/library/nginx:latest`, `docker.io/library/nginx@sha256:…`. */
  full: string;
}

/**
 * Thrown by {@link normalizeImage} for a reference the kubelet cannot parse. The container then
 * waits with reason `InvalidImageName` and this message.
 */
export class InvalidImageNameError extends Error {
  /** The container's waiting reason. */
  readonly reason = 'InvalidImageName';
  /** The bare parser error, e.g. `invalid reference format`. */
  readonly detail: string;
  constructor(ref: string, detail: string) {
    // k/k: pkg/kubelet/images/image_manager.go EnsureImageExists / applyDefaultImageTag
    super(
      `Failed to apply default image tag "${ref}": couldn't parse image reference "${ref}": ${detail}`,
    );
    this.name = 'InvalidImageNameError';
    this.detail = detail;
  }
}

// distribution/reference regexp.go, transcribed.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const HOST = `(?:${DOMAIN_NAME}|\\[(?:[a-fA-F0-9:]+)\\])`;
const DOMAIN_AND_PORT = `${HOST}(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN_AND_PORT}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME_RE = new RegExp(
  `^(?:(${DOMAIN_AND_PORT})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)$`,
);
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** go-digest Parse: the algorithm must be known and the hex the right length, in lower case. */
function digestError(d: string): string | undefined {
  const [alg, hex] = d.split(':', 2);
  const want = DIGEST_HEX_LENGTH[alg];
  if (want === undefined) return 'unsupported digest algorithm';
  if (hex.length !== want) return 'invalid checksum digest length';
  if (!/^[a-f0-9]+$/.test(hex)) return 'invalid checksum digest format';
  return undefined;
}

/** distribution/reference normalize.go splitDockerDomain. */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) return ['docker.io', `library/${name}`];
  let domain = name.slice(0, slash);
  let remote = name.slice(slash + 1);
  if (domain === 'index.docker.io') domain = 'docker.io';
  else if (domain !== 'localhost' && !/[.:]/.test(domain) && domain.toLowerCase() === domain) {
    domain = 'docker.io';
    remote = name;
  }
  if (domain === 'docker.io' && !remote.includes('/')) remote = `library/${remote}`;
  return [domain, remote];
}

/**
 * The references parsed so far (a cluster uses a handful of images, each parsed several times a
 * container start: image manager, runtime, pod status), forgotten all at once when this many.
 */
const PARSED_MAX = 1024;
const parsed = new Map<string, Readonly<ImageReference> | string>();

/** The parse, returning the bare error text of distribution/reference on failure. */
function parseNormalizedNamed(s: string): Readonly<ImageReference> | string {
  let r = parsed.get(s);
  if (r === undefined) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    r = parseReference(s);
    parsed.set(s, typeof r === 'string' ? r : Object.freeze(r));
  }
  return r;
}

function parseReference(s: string): ImageReference | string {
  if (IDENTIFIER_RE.test(s)) {
    return `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`;
  }
  const [domain, remainder] = splitDockerDomain(s);
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) {
    return `invalid reference format: repository name (${remote}) must be lowercase`;
  }
  const joined = `${domain}/${remainder}`;
  const m = REFERENCE_RE.exec(joined);
  if (!m) {
    const lower = joined.toLowerCase();
    if (lower !== joined && REFERENCE_RE.test(lower)) return 'repository name must be lowercase';
    return 'invalid reference format';
  }
  const nm = ANCHORED_NAME_RE.exec(m[1]);
  const registry = nm?.[1] ?? '';
  const repository = nm?.[2] ?? m[1];
  if (repository.length > 255) return 'repository name must not be more than 255 characters';
  const tag = m[2] || undefined;
  const digest = m[3] || undefined;
  if (digest) {
    const err = digestError(digest);
    if (err) return err;
  }
  const name = `${registry}/${repository}`;
  const effectiveTag = tag ?? (digest ? undefined : 'latest');
  const full = `${name}${effectiveTag ? `:${effectiveTag}` : ''}${digest ? `@${digest}` : ''}`;
  return { registry, repository, tag: effectiveTag, digest, full };
}

/**
 * Normalizes an image reference as the kubelet and containerd do: `nginx` →
 * `docker.io/library/nginx:latest`, `bitnami/redis:7` → `docker.io/bitnami/redis:7`,
 * `registry.k8s.io/pause:3.9` unchanged, `nginx@sha256:…` pinned by digest.
 * @throws {InvalidImageNameError} with the kubelet's `InvalidImageName` message.
 * @example normalizeImage('nginx:1.27').full === 'docker.io/library/nginx:1.27'
 */
export function normalizeImage(ref: string): ImageReference {
  const r = parseNormalizedNamed(ref);
  if (typeof r === 'string') throw new InvalidImageNameError(ref, r);
  return r;
}

/** {@link normalizeImage} without throwing: the error carries the kubelet's message. */
export function tryNormalizeImage(
  ref: string,
): { ok: true; ref: ImageReference } | { ok: false; error: string } {
  const r = parseNormalizedNamed(ref);
  return typeof r === 'string'
    ? { ok: false, error: new InvalidImageNameError(ref, r).message }
    : { ok: true, ref: r };
}

// ---------------------------------------------------------------------------------------------
// Digests: deterministic, sha256-looking, derived from names
// ---------------------------------------------------------------------------------------------

/** 64 hex characters derived from `seed` by eight chained FNV-32a rounds (not a real sha256). */
export function fakeSha256(seed: string): string {
  let out = '';
  let h = fnv32a(seed);
  for (let i = 0; i < 8; i++) {
    h = fnv32a(`${i}:${h}:${seed}`);
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lookups in the catalogue (./imageCatalogue)
// ---------------------------------------------------------------------------------------------

export type { ImageKind } from './catalogue/types';

/** A repository's catalogue entry, by normalized name (`docker.io/library/nginx`). */
export type CatalogueLookup = (name: string) => RepoEntry | undefined;

/**
 * The engine's catalogue: the system images at once, the application images (./imageCatalogue)
 * once loaded on demand (../../onDemand.ts). The name alone decides which is read, and only a
 * learner's pods name an application image.
 */
const engineCatalogue: CatalogueLookup = (name) =>
  SYSTEM_IMAGES[name] ?? onDemand().APPLICATION_IMAGES[name];

/** An image as the registry serves it. */
export interface RegistryImage {
  /** The normalized reference that was asked for. */
  full: string;
  /** Compressed size, as the kubelet's `Pulled` event reports it (`Image size: N bytes`). */
  sizeBytes: number;
  /** Image ID (config digest), `sha256:…`: the same for every tag naming this image. */
  digest: string;
  /** `docker.io/library/nginx@sha256:…`: what the pod's `status.containerStatuses[].imageID` shows. */
  repoDigest: string;
  entrypoint: string[];
  cmd: string[];
  kind: ImageKind;
  /** `docker.io/library/nginx`. */
  name: string;
  /** The tag that was resolved (the group's first tag when pulled by digest). */
  tag: string;
  /** The most precise version among the tags naming this image (`1.27.3`), if any. */
  version?: string;
  /** Whether this is an Alpine-based variant (busybox userland, musl). */
  alpine: boolean;
  /** From the catalogue entry (./catalogue/types): ports, banner, executables, base, program. */
  ports?: readonly number[];
  banner?: readonly string[];
  bins?: readonly string[];
  base?: RepoEntry['base'];
  program?: string;
}

/** A failed lookup; `grpcCode` is what the CRI returns (`rpc error: code = NotFound desc = …`). */
export type LookupFailure = { ok: false; error: string; grpcCode: 'NotFound' | 'Unknown' };

function buildImage(name: string, entry: RepoEntry, group: string[], size: number, full: string) {
  const tag = group[0];
  const variant = entry.variants?.find((v) => v.match.test(tag));
  const image: RegistryImage = {
    full,
    name,
    tag,
    sizeBytes: size,
    digest: `sha256:${fakeSha256(`config:${name}:${tag}`)}`,
    repoDigest: `${name}@sha256:${fakeSha256(`manifest:${name}:${tag}`)}`,
    entrypoint: [...(variant?.entrypoint ?? entry.entrypoint)],
    cmd: [...(variant?.cmd ?? entry.cmd)],
    kind: entry.kind,
    version: group
      .map((t) => /^v?(\d+(?:\.\d+)+)/.exec(t)?.[1])
      .filter((v): v is string => v !== undefined)
      .sort((a, b) => b.length - a.length)[0],
    alpine: group.some((t) => t.includes('alpine')),
  };
  // system: what a catalogue entry without a program of its own says about its process.
  if (entry.ports) image.ports = entry.ports;
  if (entry.banner) image.banner = entry.banner;
  if (entry.bins) image.bins = entry.bins;
  if (entry.base) image.base = entry.base;
  if (entry.program) image.program = entry.program;
  return image;
}

/** containerd's pull error text (containerd 1.7 pkg/cri/server/image_pull.go, remotes/docker). */
function pullError(full: string, cause: string): string {
  return `failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${cause}`;
}

/**
 * Resolves an image in the simulated registry, as containerd would pull it.
 * A missing tag gives `…: not found` (gRPC NotFound); an unknown repository gives Docker Hub's
 * `pull access denied, repository does not exist or may require authorization: …` (gRPC Unknown).
 * @example lookupImage('busybox').ok === true
 */
export function lookupImage(
  ref: string,
  catalogue: CatalogueLookup = engineCatalogue,
): { ok: true; image: RegistryImage } | LookupFailure {
  const parsed = tryNormalizeImage(ref);
  if (!parsed.ok) return { ok: false, error: parsed.error, grpcCode: 'Unknown' };
  const { registry, repository, tag, digest, full } = parsed.ref;
  const name = `${registry}/${repository}`;
  const entry = catalogue(name);
  if (!entry) {
    const cause =
      registry === 'docker.io'
        ? 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'
        : `${full}: not found`;
    return {
      ok: false,
      error: pullError(full, cause),
      grpcCode: registry === 'docker.io' ? 'Unknown' : 'NotFound',
    };
  }
  const known = RESOLVED.get(full);
  if (known) return { ok: true, image: known };
  for (const [group, size] of entry.tags) {
    const image = buildImage(name, entry, group, size, full);
    const tagOk = tag === undefined || group.includes(tag);
    const digestOk = digest === undefined || image.repoDigest.endsWith(`@${digest}`);
    if (tagOk && digestOk) {
      if (RESOLVED.size >= RESOLVED_MAX) RESOLVED.clear();
      RESOLVED.set(full, deepFreeze(image));
      return { ok: true, image };
    }
  }
  return { ok: false, error: pullError(full, `${full}: not found`), grpcCode: 'NotFound' };
}

/**
 * Images resolved so far, by normalized reference. The catalogue never changes, so every
 * container of an image shares one frozen {@link RegistryImage} (and its digests are hashed once).
 */
const RESOLVED = new Map<string, RegistryImage>();
const RESOLVED_MAX = 2000;

function deepFreeze(image: RegistryImage): RegistryImage {
  Object.freeze(image.entrypoint);
  Object.freeze(image.cmd);
  return Object.freeze(image);
}

/** Every tag the registry knows for a repository (e.g. for editor completion). */
export function listTags(repository: string, catalogue = engineCatalogue): string[] {
  const r = tryNormalizeImage(repository);
  if (!r.ok) return [];
  const entry = catalogue(`${r.ref.registry}/${r.ref.repository}`);
  return entry ? entry.tags.flatMap(([g]) => g) : [];
}

/** Time for the registry round-trips before the first byte: token, manifest list, manifest. */
export const REGISTRY_ROUND_TRIP_MS = 450;
/** containerd's unpack (decompress + extract into the overlayfs snapshotter), compressed bytes/s. */
export const UNPACK_BYTES_PER_SEC = 90 * MB;
/** Default download bandwidth: 100 Mbit/s. */
export const DEFAULT_BANDWIDTH_BYTES_PER_SEC = 12.5 * MB;

/**
 * How long a pull takes in virtual ms: a registry round-trip, the download at `bandwidth`, and the
 * unpack. nginx:1.27 (72 MB) at 100 Mbit/s takes about 6.6 s, busybox about 0.6 s.
 */
export function pullDurationMs(
  sizeBytes: number,
  bandwidthBytesPerSec: number = DEFAULT_BANDWIDTH_BYTES_PER_SEC,
): number {
  const bw = bandwidthBytesPerSec > 0 ? bandwidthBytesPerSec : DEFAULT_BANDWIDTH_BYTES_PER_SEC;
  const download = (sizeBytes / bw) * 1000;
  const unpack = (sizeBytes / UNPACK_BYTES_PER_SEC) * 1000;
  return Math.round(REGISTRY_ROUND_TRIP_MS + download + unpack);
}

/**
 * CRI-O's pull errors (containers/image), which differ from containerd's:
 * `initializing source docker://nginx:nope: reading manifest nope in docker.io/library/nginx: manifest unknown`.
 */
export function crioPullError(ref: string): string {
  let n;
  try {
    n = normalizeImage(ref);
  } catch {
    return 'invalid reference format';
  }
  const repo = `${n.registry}/${n.repository}`;
  const known = listTags(repo).length > 0;
  const why = known ? 'manifest unknown' : 'requested access to the resource is denied';
  return `initializing source docker://${ref}: reading manifest ${n.tag ?? n.digest ?? 'latest'} in ${repo}: ${why}`;
}
