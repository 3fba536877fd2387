/**
 * How ingress-nginx routes a request by the Ingresses of its class: the Ingress spec's matching
 * rules (/docs/concepts/services-networking/ingress/#path-types and #hostname-wildcards) as the
 * controller compiles them into nginx `server` and `location` blocks.
 * - Host: an exact `server_name` first, then a wildcard (`*.foo.com` matches exactly one more
 *   label), then the catch-all server of rules without a host.
 * - Path, within the host's server: the longest matching path wins, `Exact` over `Prefix` at the
 *   same length. `Prefix` matches path elements (`/foo` matches `/foo/bar`, not `/foobar`);
 *   ingress-nginx treats `ImplementationSpecific` as a string prefix (an nginx prefix location).
 * - Nothing matches: the Ingress's `defaultBackend` if one has it, else the controller's own
 *   default backend, which answers 404 with nginx's page.
 */
import type { Ingress, IngressBackend } from 'kubernetes-types/networking/v1';

/** The ingress class ingress-nginx serves (its `--ingress-class`, the IngressClass `nginx`). */
export const NGINX_CLASS = 'nginx';
/** The controller value of the IngressClass ingress-nginx watches for. */
export const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';

/** nginx's error pages as ingress-nginx serves them (server_tokens off: no version). */
export function nginxErrorPage(status: 404 | 503 | 502 | 504): string {
  const text = {
    404: '404 Not Found',
    502: '502 Bad Gateway',
    503: '503 Service Temporarily Unavailable',
    504: '504 Gateway Time-out',
  }[status];
  return `<html>\n<head><title>${text}</title></head>\n<body>\n<center><h1>${text}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`;
}

/** The captures of a regex location matching the request path, or undefined. */
function regexMatch(rulePath: string, reqPath: string): string[] | undefined {
  try {
    const m = new RegExp(`^${rulePath}`, 'i').exec(reqPath);
    return m ? [...m].map((x) => x ?? '') : undefined;
  } catch {
    return undefined;
  }
}

/** Where a request goes. */
export type IngressRoute =
  | {
      kind: 'backend';
      /** `namespace/name` of the Ingress whose rule matched. */
      ingress: string;
      namespace: string;
      backend: IngressBackend;
      /** The path sent upstream (after `rewrite-target`). */
      upstreamPath: string;
      /** The matched rule, as `host` + `path`, for the trace. */
      rule: string;
    }
  | { kind: 'default'; status: 404; body: string };

/**
 * Whether an Ingress belongs to ingress-nginx: its class, or the legacy annotation; one with
 * neither only under `--watch-ingress-without-class=true` (which kind's manifest sets).
 */
export function isNginxIngress(ing: Ingress, watchWithoutClass = false): boolean {
  const cls =
    ing.spec?.ingressClassName ?? ing.metadata?.annotations?.['kubernetes.io/ingress.class'];
  return cls === undefined ? watchWithoutClass : cls === NGINX_CLASS;
}

/** `*.foo.com` matches `bar.foo.com`, not `foo.com` nor `baz.bar.foo.com`. */
export function hostMatches(ruleHost: string, host: string): boolean {
  if (!ruleHost.startsWith('*.')) return ruleHost === host;
  const suffix = ruleHost.slice(1);
  if (!host.endsWith(suffix)) return false;
  const first = host.slice(0, host.length - suffix.length);
  return first.length > 0 && !first.includes('.');
}

/** Does `pathType`/`path` match the request path? Returns the match's priority, or -1. */
export function pathMatch(pathType: string, rulePath: string, reqPath: string): number {
  const p = rulePath || '/';
  switch (pathType) {
    case 'Exact':
      return reqPath === p ? p.length * 2 + 1 : -1;
    case 'Prefix': {
      // Element-wise: a trailing slash is ignored on both sides; `/` matches everything.
      const base = p.replace(/\/+$/, '');
      if (base === '') return 0;
      const ok = reqPath === base || reqPath.startsWith(`${base}/`);
      return ok ? base.length * 2 : -1;
    }
    default:
      return reqPath.startsWith(p) ? p.length * 2 : -1;
  }
}

/**
 * Route one request. `ingresses` are the controller's (already filtered to its class), oldest
 * first, as the controller sorts them when it merges rules for one host.
 */
export function routeRequest(
  ingresses: readonly Ingress[],
  rawHost: string,
  rawPath: string,
): IngressRoute {
  const host = rawHost.replace(/:\d+$/, '').toLowerCase();
  const reqPath = rawPath.replace(/[?#].*$/, '') || '/';
  const candidates = (pick: (ruleHost: string) => boolean) => {
    let best: { score: number; route: IngressRoute } | undefined;
    for (const ing of ingresses) {
      const ns = ing.metadata?.namespace ?? 'default';
      const ann = ing.metadata?.annotations ?? {};
      const rewrite = ann['nginx.ingress.kubernetes.io/rewrite-target'];
      // With use-regex or rewrite-target, ingress-nginx writes the paths as case-insensitive
      // regex locations (`location ~* "^/foo(/|$)(.*)"`), and rewrite-target's $1… are captures.
      const regex =
        rewrite !== undefined || ann['nginx.ingress.kubernetes.io/use-regex'] === 'true';
      for (const rule of ing.spec?.rules ?? []) {
        if (!pick(rule.host ?? '')) continue;
        for (const p of rule.http?.paths ?? []) {
          const rulePath = p.path ?? '/';
          let captures: string[] | undefined;
          let score: number;
          if (regex) {
            captures = regexMatch(rulePath, reqPath);
            score = captures ? rulePath.length * 2 : -1;
          } else score = pathMatch(p.pathType, rulePath, reqPath);
          if (score < 0 || (best && best.score >= score)) continue;
          // nginx's `rewrite` replaces the whole URI with the target, captures substituted.
          let upstreamPath =
            rewrite === undefined
              ? reqPath
              : rewrite.replace(/\$(\d)/g, (_m, d: string) => captures?.[Number(d)] ?? '');
          if (!upstreamPath.startsWith('/')) upstreamPath = `/${upstreamPath}`;
          best = {
            score,
            route: {
              kind: 'backend',
              ingress: `${ns}/${ing.metadata?.name}`,
              namespace: ns,
              backend: p.backend,
              upstreamPath,
              rule: `${rule.host || '*'}${p.path ?? '/'}`,
            },
          };
        }
      }
    }
    return best?.route;
  };
  // The nginx server for the host: its exact name, else a wildcard, else the catch-all.
  const hosts = ingresses.flatMap((i) => (i.spec?.rules ?? []).map((r) => r.host ?? ''));
  const server = hosts.includes(host)
    ? host
    : (hosts.find((h) => h.startsWith('*.') && hostMatches(h, host)) ?? '');
  const route = candidates((h) => h === server);
  if (route) return route;
  const withDefault = ingresses.find((i) => i.spec?.defaultBackend);
  if (withDefault) {
    return {
      kind: 'backend',
      ingress: `${withDefault.metadata?.namespace}/${withDefault.metadata?.name}`,
      namespace: withDefault.metadata?.namespace ?? 'default',
      backend: withDefault.spec!.defaultBackend!,
      upstreamPath: reqPath,
      rule: 'defaultBackend',
    };
  }
  return { kind: 'default', status: 404, body: nginxErrorPage(404) };
}
