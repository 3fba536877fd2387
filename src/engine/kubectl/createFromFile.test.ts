/** corpus-apps: `kubectl create configmap|secret generic --from-file=[key=]path`. */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { kubectlSync } from '../scenario/actions';

const files = { 'conf/default.conf': 'server {\n  listen 80;\n}\n' };

describe('kubectl create … --from-file', () => {
  it('stores the file under its base name, or under the key it is given', () => {
    const cluster = new Cluster({ workers: 1, cpu: '2', memory: '4Gi', seed: 1 }).start();
    expect(
      kubectlSync(cluster, 'create configmap a --from-file=conf/default.conf', files).stdout,
    ).toBe('configmap/a created\n');
    kubectlSync(cluster, 'create configmap b --from-file=site.conf=conf/default.conf', files);
    const a = kubectlSync(cluster, 'get configmap a -o jsonpath={.data}').stdout;
    expect(JSON.parse(a)).toEqual({ 'default.conf': files['conf/default.conf'] });
    const b = kubectlSync(cluster, 'get configmap b -o jsonpath={.data}').stdout;
    expect(Object.keys(JSON.parse(b))).toEqual(['site.conf']);
    kubectlSync(cluster, 'create secret generic s --from-file=conf/default.conf', files);
    const s = kubectlSync(cluster, 'get secret s -o jsonpath={.data}').stdout;
    expect(JSON.parse(s)).toEqual({ 'default.conf': 'c2VydmVyIHsKICBsaXN0ZW4gODA7Cn0K' });
  });

  it('fails as kubectl does when the file is missing, creating nothing', () => {
    const cluster = new Cluster({ workers: 1, cpu: '2', memory: '4Gi', seed: 1 }).start();
    const r = kubectlSync(cluster, 'create configmap a --from-file=missing.conf', files);
    expect(r.stderr).toBe('error: error reading missing.conf: no such file or directory\n');
    expect(r.exitCode).toBe(1);
    expect(kubectlSync(cluster, 'get configmap a').exitCode).toBe(1);
  });
});
