import { describe, it, expect } from 'vitest';
import {
  InvalidImageNameError,
  listTags,
  lookupImage,
  normalizeImage,
  pullDurationMs,
  tryNormalizeImage,
} from './images';

describe('normalizeImage', () => {
  it('applies Docker Hub defaults as containerd names images', () => {
    expect(normalizeImage('nginx').full).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('nginx:1.27')).toEqual({
      registry: 'docker.io',
      repository: 'library/nginx',
      tag: '1.27',
      digest: undefined,
      full: 'docker.io/library/nginx:1.27',
    });
    expect(normalizeImage('bitnami/redis:7').full).toBe('docker.io/bitnami/redis:7');
    expect(normalizeImage('index.docker.io/library/busybox').full).toBe(
      'docker.io/library/busybox:latest',
    );
  });

  it('keeps other registries, ports and nested paths', () => {
    expect(normalizeImage('registry.k8s.io/pause:3.9').full).toBe('registry.k8s.io/pause:3.9');
    const agn = normalizeImage('registry.k8s.io/e2e-test-images/agnhost:2.40');
    expect(agn.registry).toBe('registry.k8s.io');
    expect(agn.repository).toBe('e2e-test-images/agnhost');
    expect(normalizeImage('localhost:5000/app').full).toBe('localhost:5000/app:latest');
  });

  it('pins a digest without adding a tag', () => {
    const d = `sha256:${'a'.repeat(64)}`;
    const r = normalizeImage(`nginx@${d}`);
    expect(r.tag).toBeUndefined();
    expect(r.digest).toBe(d);
    expect(r.full).toBe(`docker.io/library/nginx@${d}`);
  });

  it("throws the kubelet's InvalidImageName message for bad references", () => {
    expect(() => normalizeImage('nginx::1')).toThrow(
      'Failed to apply default image tag "nginx::1": couldn\'t parse image reference "nginx::1": invalid reference format',
    );
    try {
      normalizeImage('NGINX');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidImageNameError);
      expect((e as InvalidImageNameError).reason).toBe('InvalidImageName');
      expect((e as InvalidImageNameError).detail).toBe(
        'invalid reference format: repository name (library/NGINX) must be lowercase',
      );
    }
    expect(tryNormalizeImage('nginx:-bad').ok).toBe(false);
    expect(tryNormalizeImage(`nginx@sha256:${'a'.repeat(10)}`).ok).toBe(false);
  });
});

describe('lookupImage', () => {
  it("has the tag kubernetes.io's Job example pins (perl:5.34.0), not an ImagePullBackOff", () => {
    const pi = lookupImage('perl:5.34.0');
    expect(pi.ok).toBe(true);
    if (!pi.ok) return;
    expect(pi.image.full).toBe('docker.io/library/perl:5.34.0');
    expect(pi.image.sizeBytes).toBeGreaterThan(300e6);
    expect(lookupImage('perl:5.33.9').ok).toBe(false);
  });

  it('serves real tags with realistic sizes; aliases share one image ID', () => {
    const latest = lookupImage('nginx');
    const v127 = lookupImage('nginx:1.27');
    expect(latest.ok && v127.ok).toBe(true);
    if (!latest.ok || !v127.ok) return;
    expect(v127.image.sizeBytes).toBeGreaterThan(70e6);
    expect(v127.image.sizeBytes).toBeLessThan(75e6);
    expect(latest.image.digest).toBe(v127.image.digest);
    expect(v127.image.full).toBe('docker.io/library/nginx:1.27');
    expect(v127.image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(v127.image.repoDigest).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(v127.image.kind).toBe('server');
    expect(v127.image.entrypoint).toEqual(['/docker-entrypoint.sh']);
    expect(v127.image.version).toBe('1.27.3');

    const bb = lookupImage('busybox:1.36');
    expect(bb.ok && bb.image.sizeBytes).toBeLessThan(2.5e6);
    expect(bb.ok && bb.image.kind).toBe('shell');
    expect(lookupImage('registry.k8s.io/pause:3.9').ok).toBe(true);
    expect(listTags('nginx')).toContain('1.27-alpine');
  });

  it('is deterministic: the same name always gives the same digest', () => {
    const a = lookupImage('redis:7');
    const b = lookupImage('docker.io/library/redis:7');
    expect(a.ok && b.ok && a.image.digest === b.image.digest).toBe(true);
    const n = lookupImage('nginx');
    const r = lookupImage('redis');
    expect(n.ok && r.ok && n.image.digest !== r.image.digest).toBe(true);
  });

  it('resolves a digest reference to the image it names', () => {
    const byTag = lookupImage('nginx:1.25');
    if (!byTag.ok) throw new Error('nginx:1.25 missing');
    const digest = byTag.image.repoDigest.split('@')[1];
    const byDigest = lookupImage(`nginx@${digest}`);
    expect(byDigest.ok && byDigest.image.digest).toBe(byTag.image.digest);
  });

  it("gives containerd's text for a missing tag", () => {
    expect(lookupImage('nginx:nope')).toEqual({
      ok: false,
      grpcCode: 'NotFound',
      error:
        'failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found',
    });
  });

  it("gives Docker Hub's pull-access-denied text for an unknown repository", () => {
    expect(lookupImage('doesnotexist')).toEqual({
      ok: false,
      grpcCode: 'Unknown',
      error:
        'failed to pull and unpack image "docker.io/library/doesnotexist:latest": failed to resolve reference "docker.io/library/doesnotexist:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    });
  });
});

describe('pullDurationMs', () => {
  it('is a round-trip plus download plus unpack, growing with size and shrinking with bandwidth', () => {
    const nginx = pullDurationMs(72_404_185, 12.5e6);
    expect(nginx).toBeGreaterThan(6000);
    expect(nginx).toBeLessThan(8000);
    const busybox = pullDurationMs(2_158_512, 12.5e6);
    expect(busybox).toBeGreaterThan(400);
    expect(busybox).toBeLessThan(1000);
    expect(pullDurationMs(72_404_185, 125e6)).toBeLessThan(nginx / 3);
    expect(Number.isInteger(nginx)).toBe(true);
  });
});
