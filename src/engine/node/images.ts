/**
 * The simulated image registry: a catalogue of real public images a Kubernetes course uses,
 * Docker's image-reference grammar, and containerd's pull errors.
 *
 * Everything is pure and deterministic: digests are derived from names by a hash, never random.
 */
import { fnv32a } from '../sim/names';

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

/** The parse, returning the bare error text of distribution/reference on failure. */
function parseNormalizedNamed(s: string): ImageReference | string {
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
// The catalogue
// ---------------------------------------------------------------------------------------------

/** What sort of program an image runs, which drives its simulated behaviour. */
export type ImageKind = 'server' | 'shell' | 'runtime' | 'pause' | 'stress' | 'tool';

interface RepoEntry {
  kind: ImageKind;
  entrypoint: string[];
  cmd: string[];
  /** Groups of tags naming the same image (same digest), with its compressed size in bytes. */
  tags: [tags: string[], sizeBytes: number][];
  /** Overrides for tags whose config differs (alpine variants' CMD, …). */
  variants?: { match: RegExp; entrypoint?: string[]; cmd?: string[] }[];
}

const MB = 1_000_000;
const DE = ['docker-entrypoint.sh'];

// Sizes: compressed linux/amd64 sizes as Docker Hub reports them (rounded, late 2024).
const CATALOGUE: Record<string, RepoEntry> = {
  'docker.io/library/nginx': {
    kind: 'server',
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    tags: [
      [['latest', 'mainline', '1', '1.27', '1.27.3'], 72_404_185],
      [['1.27.2'], 72_099_501],
      [['stable', '1.26', '1.26.2'], 71_026_402],
      [['1.25', '1.25.5'], 70_533_124],
      [['1.25.3'], 70_515_702],
      [['alpine', 'mainline-alpine', '1.27-alpine', '1.27.3-alpine'], 20_514_817],
      [['stable-alpine', '1.26-alpine'], 20_265_009],
      [['1.25-alpine'], 17_894_220],
      [['1.23', '1.23.4'], 57_011_238],
      [['1.21', '1.21.6'], 56_746_126],
      [['1.19'], 53_621_908],
      [['1.16.1'], 51_034_119],
      [['1.14.2'], 44_710_935],
      [['1.7.9'], 39_947_597],
    ],
    // nginx < 1.19 had no /docker-entrypoint.sh
    variants: [{ match: /^1\.(7|14|16)\./, entrypoint: [] }],
  },
  'docker.io/library/httpd': {
    kind: 'server',
    entrypoint: [],
    cmd: ['httpd-foreground'],
    tags: [
      [['latest', '2', '2.4', '2.4.62'], 58_361_032],
      [['alpine', '2-alpine', '2.4-alpine', '2.4.62-alpine'], 21_904_513],
    ],
  },
  'docker.io/library/redis': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['redis-server'],
    tags: [
      [['latest', '7', '7.4', '7.4.1'], 45_922_611],
      [['7.2', '7.2.6'], 42_812_096],
      [['6', '6.2', '6.2.16'], 40_412_332],
      [['alpine', '7-alpine', '7.4-alpine'], 17_380_224],
      [['7.2-alpine'], 16_315_772],
    ],
  },
  'docker.io/library/postgres': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['postgres'],
    tags: [
      [['latest', '17', '17.2'], 153_628_407],
      [['16', '16.6'], 150_964_122],
      [['15', '15.10'], 148_112_305],
      [['14'], 147_209_118],
      [['alpine', '17-alpine'], 105_337_516],
      [['16-alpine'], 103_019_644],
      [['15-alpine'], 99_832_070],
    ],
  },
  'docker.io/library/mysql': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['mysqld'],
    tags: [
      [['latest', '9', '9.1', '9.1.0'], 171_912_660],
      [['8', '8.4', 'lts'], 169_843_911],
      [['8.0', '8.0.40'], 165_120_433],
      [['5.7', '5.7.44'], 137_382_116],
    ],
  },
  'docker.io/library/mariadb': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['mariadbd'],
    tags: [
      [['latest', '11', '11.4', 'lts'], 116_118_302],
      [['10.11', '10'], 112_640_219],
      [['10.6'], 109_912_540],
    ],
  },
  'docker.io/library/mongo': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['mongod'],
    tags: [
      [['latest', '8', '8.0'], 283_119_412],
      [['7', '7.0'], 259_733_108],
      [['6', '6.0'], 244_806_227],
    ],
  },
  'docker.io/library/memcached': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['memcached'],
    tags: [
      [['latest', '1', '1.6', '1.6.32'], 31_208_650],
      [['alpine', '1-alpine', '1.6-alpine'], 5_092_317],
    ],
  },
  'docker.io/library/rabbitmq': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['rabbitmq-server'],
    tags: [
      [['latest', '4', '4.0'], 100_314_005],
      [['3', '3.13'], 98_007_112],
      [['management', '4-management', '4.0-management'], 112_862_430],
      [['3-management', '3.13-management'], 110_440_318],
      [['alpine', '4-alpine'], 66_118_009],
    ],
  },
  'docker.io/library/traefik': {
    kind: 'server',
    entrypoint: ['/entrypoint.sh'],
    cmd: ['traefik'],
    tags: [
      [['latest', 'v3', 'v3.2', '3.2'], 45_830_912],
      [['v3.1', '3.1'], 44_918_207],
      [['v3.0', '3.0'], 44_102_338],
      [['v2.11', '2.11'], 42_615_530],
    ],
  },
  'docker.io/library/busybox': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['sh'],
    tags: [
      [['latest', 'stable', '1', '1.37', '1.37.0', 'glibc', '1.37-glibc'], 2_158_512],
      [['1.36', '1.36.1', '1.36-glibc'], 2_153_301],
      [['musl', '1.37-musl'], 862_204],
      [['uclibc', '1.37-uclibc'], 1_002_381],
      [['1.35'], 2_149_060],
      [['1.28'], 727_869],
    ],
  },
  'docker.io/library/alpine': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['/bin/sh'],
    tags: [
      [['latest', '3', '3.21', '3.21.0'], 3_641_728],
      [['3.20', '3.20.3'], 3_624_089],
      [['3.19', '3.19.4'], 3_420_133],
      [['3.18', '3.18.9'], 3_418_822],
      [['edge'], 3_650_912],
    ],
  },
  'docker.io/library/ubuntu': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['/bin/bash'],
    tags: [
      [['latest', '24.04', 'noble'], 29_754_290],
      [['22.04', 'jammy'], 29_537_070],
      [['20.04', 'focal'], 27_509_864],
    ],
  },
  'docker.io/library/debian': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['bash'],
    tags: [
      [['latest', '12', 'bookworm'], 48_494_272],
      [['12-slim', 'bookworm-slim', 'stable-slim'], 28_227_259],
      [['11', 'bullseye'], 53_739_512],
      [['11-slim', 'bullseye-slim'], 31_434_870],
    ],
  },
  'docker.io/library/node': {
    kind: 'runtime',
    entrypoint: DE,
    cmd: ['node'],
    tags: [
      [['latest', '23', 'current'], 398_412_660],
      [['22', 'lts', '22.11'], 392_187_304],
      [['20', '20.18'], 390_006_215],
      [['18', '18.20'], 383_225_517],
      [['alpine', '22-alpine', 'lts-alpine'], 56_209_113],
      [['20-alpine'], 45_114_562],
      [['22-slim', 'lts-slim'], 75_010_880],
      [['20-slim'], 69_842_017],
    ],
  },
  'docker.io/library/python': {
    kind: 'runtime',
    entrypoint: [],
    cmd: ['python3'],
    tags: [
      [['latest', '3', '3.13'], 372_845_220],
      [['3.12'], 371_309_812],
      [['3.11'], 369_942_017],
      [['slim', '3-slim', '3.13-slim'], 44_931_806],
      [['3.12-slim'], 44_107_115],
      [['alpine', '3.13-alpine'], 19_850_311],
      [['3.12-alpine'], 19_214_507],
    ],
  },
  'docker.io/library/golang': {
    kind: 'runtime',
    entrypoint: [],
    cmd: ['bash'],
    tags: [
      [['latest', '1', '1.23'], 302_411_019],
      [['1.22'], 297_920_384],
      [['alpine', '1.23-alpine'], 81_002_644],
    ],
    variants: [{ match: /alpine/, cmd: ['/bin/sh'] }],
  },
  'registry.k8s.io/pause': {
    kind: 'pause',
    entrypoint: ['/pause'],
    cmd: [],
    tags: [
      [['3.10'], 320_368],
      [['3.9'], 321_520],
      [['3.8'], 311_286],
      [['3.6'], 301_773],
    ],
  },
  'registry.k8s.io/e2e-test-images/agnhost': {
    kind: 'server',
    entrypoint: ['/agnhost'],
    cmd: ['pause'],
    tags: [
      [['2.53'], 52_716_345],
      [['2.52'], 52_504_411],
      [['2.47'], 51_230_906],
      [['2.43'], 50_331_812],
      [['2.40'], 49_920_114],
      [['2.39'], 49_745_672],
    ],
  },
  'docker.io/hashicorp/http-echo': {
    kind: 'server',
    entrypoint: ['/http-echo'],
    cmd: [],
    tags: [
      [['latest', '1.0', '1.0.0'], 3_468_245],
      [['0.2.3'], 2_655_302],
    ],
  },
  'docker.io/kennethreitz/httpbin': {
    kind: 'server',
    entrypoint: [],
    cmd: ['gunicorn', '-b', '0.0.0.0:80', 'httpbin:app', '-k', 'gevent'],
    tags: [[['latest'], 205_133_716]],
  },
  'docker.io/polinux/stress': {
    kind: 'stress',
    entrypoint: [],
    cmd: ['/usr/local/bin/stress'],
    tags: [[['latest', '1.0.4'], 4_041_327]],
  },
  'docker.io/curlimages/curl': {
    kind: 'tool',
    entrypoint: ['/entrypoint.sh'],
    cmd: ['curl'],
    tags: [
      [['latest', '8.11.0'], 10_914_405],
      [['8.10.1'], 10_846_117],
      [['8.5.0'], 10_102_344],
    ],
  },
  'docker.io/nicolaka/netshoot': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['zsh'],
    tags: [
      [['latest', 'v0.13'], 177_318_006],
      [['v0.12'], 170_502_871],
    ],
  },
};

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
export function lookupImage(ref: string): { ok: true; image: RegistryImage } | LookupFailure {
  const parsed = tryNormalizeImage(ref);
  if (!parsed.ok) return { ok: false, error: parsed.error, grpcCode: 'Unknown' };
  const { registry, repository, tag, digest, full } = parsed.ref;
  const name = `${registry}/${repository}`;
  const entry = CATALOGUE[name];
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
  for (const [group, size] of entry.tags) {
    const image = buildImage(name, entry, group, size, full);
    const tagOk = tag === undefined || group.includes(tag);
    const digestOk = digest === undefined || image.repoDigest.endsWith(`@${digest}`);
    if (tagOk && digestOk) return { ok: true, image };
  }
  return { ok: false, error: pullError(full, `${full}: not found`), grpcCode: 'NotFound' };
}

/** Every tag the registry knows for a repository (e.g. for editor completion). */
export function listTags(repository: string): string[] {
  const r = tryNormalizeImage(repository);
  if (!r.ok) return [];
  const entry = CATALOGUE[`${r.ref.registry}/${r.ref.repository}`];
  return entry ? entry.tags.flatMap(([g]) => g) : [];
}

/** Every repository in the catalogue, normalized (`docker.io/library/nginx`, …). */
export function listRepositories(): string[] {
  return Object.keys(CATALOGUE);
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
