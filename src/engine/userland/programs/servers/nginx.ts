/** nginx: the entrypoint's configuration lines, the master's notices, the welcome page. */
import type { RegistryImage } from '../../../node/runtime/images';
import { formatDate } from '../../shell/date';
import type { Files } from '../../shell/mounts';
import { KERNEL, versionAtLeast, type ServerSpec, type Timeline } from '../timeline';

const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** The default server's root (/etc/nginx/conf.d/default.conf: `root /usr/share/nginx/html`). */
const DOCROOT = '/usr/share/nginx/html';

/**
 * nginx: docker-entrypoint.sh's configuration lines, then the master's notices (on stderr). It
 * serves the image's welcome page, or what a volume mounted over its document root holds.
 */
export function nginx(
  img: RegistryImage,
  viaEntrypoint: boolean,
  start: Timeline,
  files?: Files,
): ServerSpec {
  const v = img.version ?? '1.27.3';
  const ep = '/docker-entrypoint.sh';
  // nginx/docker-nginx entrypoint/docker-entrypoint.sh (1.19+); 15-local-resolvers since 1.25.
  if (viaEntrypoint && versionAtLeast(v, [1, 19])) {
    start
      .wait(8)
      .out([
        `${ep}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`,
        `${ep}: Looking for shell scripts in /docker-entrypoint.d/`,
        `${ep}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh`,
        '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
        '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      ]);
    if (versionAtLeast(v, [1, 25]))
      start.out(`${ep}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`);
    start.wait(6).out(`${ep}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`);
    if (versionAtLeast(v, [1, 21]))
      start.out(`${ep}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`);
    start.wait(4).out(`${ep}: Configuration complete; ready for start up`);
  }
  start.wait(12);
  const ts = () => formatDate(start.wall(), '%Y/%m/%d %H:%M:%S');
  if (versionAtLeast(v, [1, 19])) {
    const gcc = img.alpine
      ? 'gcc 13.2.1 20240309 (Alpine 13.2.1_git20240309)'
      : 'gcc 12.2.0 (Debian 12.2.0-14)';
    start.err([
      `${ts()} [notice] 1#1: using the "epoll" event method`,
      `${ts()} [notice] 1#1: nginx/${v}`,
      `${ts()} [notice] 1#1: built by ${gcc} `,
      `${ts()} [notice] 1#1: OS: Linux ${KERNEL}`,
      `${ts()} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
      `${ts()} [notice] 1#1: start worker processes`,
      `${ts()} [notice] 1#1: start worker process 29`,
      `${ts()} [notice] 1#1: start worker process 30`,
    ]);
  }
  const mounted = files?.mountPoints?.().some((m) => `${DOCROOT}/`.startsWith(`${m.path}/`));
  return {
    start,
    listens: [80],
    // scale: the image's own pages answer the same for every container of a version: one handler
    // per version, shared, not a closure over this start-up's scope for each container.
    http: mounted ? mountedPages(v, files!) : imagePages(v),
    onStop: nginxStop,
  };
}

const notFoundOf = (v: string) =>
  `<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx/${v}</center>\n</body>\n</html>\n`;

/** The welcome page and 404s of the image's document root, by nginx version. */
const IMAGE_PAGES = new Map<string, NonNullable<ServerSpec['http']>>();

function imagePages(v: string): NonNullable<ServerSpec['http']> {
  let http = IMAGE_PAGES.get(v);
  if (!http) {
    const notFound = notFoundOf(v);
    http = (port, path) => {
      if (port !== 80) return undefined;
      const p = path.replace(/[?#].*$/, '');
      const index = p === '/' || p === '/index.html';
      return index ? { status: 200, body: NGINX_WELCOME } : { status: 404, body: notFound };
    };
    IMAGE_PAGES.set(v, http);
  }
  return http;
}

/** The pages of a volume mounted over the document root. */
function mountedPages(v: string, files: Files): NonNullable<ServerSpec['http']> {
  const notFound = notFoundOf(v);
  const page = (code: string) =>
    `<html>\n<head><title>${code}</title></head>\n<body>\n<center><h1>${code}</h1></center>\n<hr><center>nginx/${v}</center>\n</body>\n</html>\n`;
  return (port, path) => {
    if (port !== 80) return undefined;
    const p = path.replace(/[?#].*$/, '');
    const body = files.get(DOCROOT + (p === '/' ? '/index.html' : p));
    if (body !== undefined) return { status: 200, body };
    // A directory without index.html: autoindex is off, so nginx forbids the listing.
    return p === '/'
      ? { status: 403, body: page('403 Forbidden') }
      : { status: 404, body: notFound };
  };
}

// The image's STOPSIGNAL is SIGQUIT: a graceful shutdown, exit 0.
const nginxStop = (tl: Timeline): void => {
  const t = formatDate(tl.wall(), '%Y/%m/%d %H:%M:%S');
  tl.err([
    `${t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down`,
    `${t} [notice] 29#29: gracefully shutting down`,
    `${t} [notice] 30#30: gracefully shutting down`,
    `${t} [notice] 29#29: exiting`,
    `${t} [notice] 30#30: exiting`,
    `${t} [notice] 29#29: exit`,
    `${t} [notice] 30#30: exit`,
  ]);
  tl.wait(3).err([
    `${t} [notice] 1#1: signal 17 (SIGCHLD) received from 29`,
    `${t} [notice] 1#1: worker process 29 exited with code 0`,
    `${t} [notice] 1#1: worker process 30 exited with code 0`,
    `${t} [notice] 1#1: exit`,
  ]);
  tl.exit(0);
};
