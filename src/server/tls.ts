/**
 * A self-signed serving certificate for `sim serve`, made with the `openssl` command (Node can
 * sign but not build X.509 certificates). kubectl sends its bearer token only over TLS, so a
 * served cluster that requires the token must speak HTTPS; the kubeconfig then trusts exactly
 * this certificate (`certificate-authority-data`), as kubeadm's kubeconfig trusts its cluster CA.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
  key: string;
  cert: string;
}

/** A certificate for these hosts (IPs and names), or undefined when openssl is not installed. */
export function selfSignedCertificate(hosts: string[]): Certificate | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'kubeglass-tls-'));
  try {
    const san = [...new Set(['127.0.0.1', 'localhost', ...hosts])]
      .filter((h) => h && h !== '0.0.0.0' && h !== '::')
      .map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`))
      .join(',');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '365',
        '-subj',
        '/CN=kubeglass-apiserver',
        '-addext',
        `subjectAltName=${san}`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,digitalSignature,keyCertSign',
        '-addext',
        'extendedKeyUsage=serverAuth',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
