/** httpd (Apache): its AH00558 warnings, start-up notices and "It works!" page. */
import type { RegistryImage } from '../../../node/runtime/images';
import { formatDate } from '../../shell/date';
import { frac, type ServerSpec, type Timeline } from '../timeline';
import type { ProgramInput } from '../types';

/** httpd: AH00558 twice, then AH00489/AH00094; stops gracefully on SIGWINCH. */
export function httpd(img: RegistryImage, input: ProgramInput, start: Timeline): ServerSpec {
  const v = img.version ?? '2.4.62';
  const tid = img.alpine ? '140737354073800' : '139872340506496';
  const stamp = (ms: number) =>
    `[${formatDate(ms, '%a %b %d %H:%M:%S')}.${frac(ms, 6)} ${formatDate(ms, '%Y')}]`;
  const ah00558 = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${input.podIP}. Set the 'ServerName' directive globally to suppress this message`;
  start.wait(15).err([ah00558, ah00558]);
  start
    .wait(5)
    .err([
      `${stamp(start.wall())} [mpm_event:notice] [pid 1:tid ${tid}] AH00489: Apache/${v} (Unix) configured -- resuming normal operations`,
      `${stamp(start.wall())} [core:notice] [pid 1:tid ${tid}] AH00094: Command line: 'httpd -D FOREGROUND'`,
    ]);
  return {
    start,
    listens: [80],
    http: (port, path) => {
      if (port !== 80) return undefined;
      return path === '/' || path === '/index.html'
        ? { status: 200, body: '<html><body><h1>It works!</h1></body></html>\n' }
        : {
            status: 404,
            body: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n',
          };
    },
    // STOPSIGNAL SIGWINCH: graceful stop.
    onStop: (tl) =>
      tl
        .err(
          `${stamp(tl.wall())} [mpm_event:notice] [pid 1:tid ${tid}] AH00492: caught SIGWINCH, shutting down gracefully`,
        )
        .wait(20)
        .exit(0),
  };
}
