/**
 * corpus-apps: the pod's own part of /etc/hosts and its /etc/resolv.conf, as the kubelet asks for
 * them and containerd writes them.
 */
import type { Pod } from '../../api/types';
import type { PodEtcFiles } from '../../userland/shell/types';

/** The cluster's DNS: kube-dns's ClusterIP and kind's cluster domain. */
const CLUSTER_DNS = '10.96.0.10';

/**
 * `hostAliases` lines (k/k: pkg/kubelet/kubelet_pods.go hostsEntriesFromHostAliases), and the
 * resolv.conf of `dnsPolicy: None` or of a `dnsConfig` merged into ClusterFirst (k/k:
 * pkg/kubelet/network/dns/dns.go GetPodDNS, appendDNSConfig). containerd writes search, then
 * nameserver, then options (containerd: pkg/cri parseDNSOptions).
 */
export function podEtcFiles(pod: Pod): PodEtcFiles | undefined {
  const spec = pod.spec;
  const aliases = (spec?.hostAliases ?? []).map((a) =>
    [a.ip ?? '', ...(a.hostnames ?? [])].join('\t'),
  );
  const cfg = spec?.dnsConfig;
  const policy = spec?.dnsPolicy ?? 'ClusterFirst';
  let resolvConf: string | undefined;
  if (policy === 'None' || (cfg && policy === 'ClusterFirst' && !spec?.hostNetwork)) {
    const ns = pod.metadata?.namespace ?? 'default';
    const base =
      policy === 'None'
        ? { servers: [], searches: [], options: [] as string[] }
        : {
            servers: [CLUSTER_DNS],
            searches: [`${ns}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'],
            options: ['ndots:5'],
          };
    const servers = [...base.servers, ...(cfg?.nameservers ?? [])];
    const searches = [...base.searches, ...(cfg?.searches ?? [])];
    // A dnsConfig option replaces the default one of the same name.
    const options = new Map(base.options.map((o) => [o.split(':')[0], o]));
    for (const o of cfg?.options ?? [])
      if (o.name) options.set(o.name, o.value !== undefined ? `${o.name}:${o.value}` : o.name);
    resolvConf = [
      searches.length ? `search ${searches.join(' ')}\n` : '',
      ...servers.map((s) => `nameserver ${s}\n`),
      options.size ? `options ${[...options.values()].join(' ')}\n` : '',
    ].join('');
  }
  if (!aliases.length && resolvConf === undefined) return undefined;
  return {
    ...(aliases.length ? { hostAliases: aliases } : {}),
    ...(resolvConf !== undefined ? { resolvConf } : {}),
  };
}
