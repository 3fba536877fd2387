/**
 * `kubectl version [--client] [-o yaml|json]`: the kubectl, Kustomize and API server versions.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/version/version.go (kubectl v1.31 embeds kustomize v5.4.2)
 */
import { bool, str, type FlagSpec } from '../flags';
import { toJson, toYaml } from '../output';
import type { Command } from './context';

export const KUBE_VERSION = 'v1.31.4';
export const KUSTOMIZE_VERSION = 'v5.4.2';

const FLAGS: FlagSpec[] = [
  { name: 'client', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
];

function info(): Record<string, string> {
  return {
    buildDate: '2024-12-10T11:43:21Z',
    compiler: 'gc',
    gitCommit: 'a78aa47129b8539636eb86a9d00e31b2720fe06b',
    gitTreeState: 'clean',
    gitVersion: KUBE_VERSION,
    goVersion: 'go1.22.9',
    major: '1',
    minor: '31',
    platform: 'linux/amd64',
  };
}

export const versionCommand: Command = {
  name: 'version',
  flags: FLAGS,
  run(ctx) {
    const client = bool(ctx.flags, 'client');
    const output = str(ctx.flags, 'output');
    if (output === 'yaml' || output === 'json') {
      const v: Record<string, unknown> = {
        clientVersion: info(),
        kustomizeVersion: KUSTOMIZE_VERSION,
      };
      if (!client) v.serverVersion = info();
      ctx.stdout(output === 'yaml' ? toYaml(v) : toJson(v).replace(/\n$/, '\n'));
      return ctx.finish(0);
    }
    if (output) return ctx.fail(`error: --output must be 'yaml' or 'json'`);
    let text = `Client Version: ${KUBE_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
    if (!client) text += `Server Version: ${KUBE_VERSION}\n`;
    ctx.stdout(text);
    ctx.finish(0);
  },
};
