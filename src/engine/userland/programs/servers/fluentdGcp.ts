/**
 * registry.k8s.io/fluentd-gcp:1.30, the logging agent of "Logging Architecture"'s sidecar example
 * (admin/logging/two-files-counter-pod-agent-sidecar.yaml): `/run.sh $FLUENTD_ARGS` starts
 * fluentd 0.12 under its supervisor with the google_cloud output. What it holds is taken from the
 * fluentd-gcp 1.x build in kubernetes/kubernetes (cluster/addons/fluentd-gcp/fluentd-gcp-image/
 * build/build.sh: Ruby 2.3.3, fluentd 0.12.29, fluent-plugin-google-cloud 0.5.2,
 * fluent-plugin-record-reformer 0.8.2, fluent-plugin-systemd 0.0.5); the image itself was not
 * inspected, so which 1.x build the 1.30 tag is is inferred.
 *
 * Off Google Cloud the output cannot configure itself (out_google_cloud.rb 0.5.2 configure):
 * detect_platform opens http://169.254.169.254, which no kind node reaches — Net::HTTP gives up
 * after its 60 s open timeout (the failure is logged at debug level only) — and with neither a
 * project id from credentials nor a zone and VM id it raises `Unable to obtain metadata
 * parameters: project_id zone vm_id`. The worker logs the config error and exits 1; the
 * supervisor (supervisor.rb) exits with it only when the worker died within 1 s, so here it
 * starts a new worker, forever: the container keeps running and the pod stays Running, sending
 * nothing. With any other output the worker starts (tailing files is not simulated).
 */
import { formatDate } from '../../shell/date';
import { FileStore } from '../../shell/fileStore';
import { containerFiles } from '../../shell/mounts';
import type { ServerSpec, Timeline } from '../timeline';
import type { ImageProgramInput } from './tutorials';

const FLUENTD = '0.12.29';
/** Gem::Specification order (by name) of the gems fluentd 0.12 lists (`/^fluent(d|-(plugin|mixin)-.*)$/`). */
const GEMS: [string, string][] = [
  ['fluent-plugin-google-cloud', '0.5.2'],
  ['fluent-plugin-record-reformer', '0.8.2'],
  ['fluent-plugin-systemd', '0.0.5'],
  ['fluentd', FLUENTD],
];
/** Ruby 2.3's Net::HTTP open_timeout, which open-uri keeps. */
const METADATA_TIMEOUT_MS = 60_000;

/** fluentd 0.12's log line: `2026-01-05 09:00:05 +0000 [info]: message key="value"`. */
function line(wallMs: number, level: 'info' | 'warn' | 'error', msg: string): string {
  return `${formatDate(wallMs, '%Y-%m-%d %H:%M:%S')} +0000 [${level}]: ${msg}`;
}

/** The `<match>` directives' output types, as fluentd 0.12 reads `@type` or `type`. */
function matchTypes(conf: string): { pattern: string; type: string }[] {
  const out: { pattern: string; type: string }[] = [];
  for (const m of conf.matchAll(/<match\s+([^>]*)>([\s\S]*?)<\/match>/g)) {
    const type = /^\s*@?type\s+(\S+)/m.exec(m[2])?.[1];
    if (type) out.push({ pattern: m[1].trim(), type });
  }
  return out;
}

/** Config::Element#to_s of the parsed file: `<ROOT>`, each directive nested two spaces deeper. */
function configDump(conf: string): string {
  const out = ['<ROOT>'];
  let depth = 1;
  for (const raw of conf.split('\n')) {
    const l = raw.trim();
    if (!l || l.startsWith('#')) continue;
    if (l.startsWith('</')) depth--;
    out.push(`${'  '.repeat(depth)}${l.startsWith('<') ? l : l.replace(/\s+/, ' ')}`);
    if (l.startsWith('<') && !l.startsWith('</')) depth++;
  }
  return [...out, '</ROOT>'].join('\n');
}

export function fluentdGcp130({ args, input, start }: ImageProgramInput): ServerSpec {
  // `/run.sh $FLUENTD_ARGS`: the shell splits the variable into fluentd's arguments.
  const argv = args.length ? args : (input.env.FLUENTD_ARGS ?? '').split(/\s+/).filter(Boolean);
  const ci = argv.findIndex((a) => a === '-c' || a === '--config');
  const path = ci >= 0 ? (argv[ci + 1] ?? '') : '/etc/fluent/fluent.conf';
  const conf = containerFiles(new FileStore(), input.mounts).get(path);
  start.wait(400);
  start.out(line(start.wall(), 'info', `reading config file path=${JSON.stringify(path)}`));
  if (conf === undefined) {
    // read_config's File.read is not rescued: Ruby prints the exception and exits 1.
    start.err(
      `/opt/ruby/lib/ruby/gems/2.3.0/gems/fluentd-${FLUENTD}/lib/fluent/supervisor.rb:474:in \`read': No such file or directory @ rb_sysopen - ${path} (Errno::ENOENT)`,
    );
    return { start: start.exit(1) };
  }
  const matches = matchTypes(conf);
  // A worker: its gems, then each <match> in turn until the google_cloud output's configure.
  const worker = (tl: Timeline) => {
    tl.out(line(tl.wall(), 'info', `starting fluentd-${FLUENTD}`)).wait(900);
    tl.out(
      GEMS.map(([name, version]) => line(tl.wall(), 'info', `gem '${name}' version '${version}'`)),
    );
    for (const m of matches) {
      tl.out(
        line(
          tl.wall(),
          'info',
          `adding match pattern=${JSON.stringify(m.pattern)} type=${JSON.stringify(m.type)}`,
        ),
      );
      if (m.type === 'google_cloud') return true;
    }
    return false;
  };
  if (!worker(start)) {
    start.out(line(start.wall(), 'info', `using configuration file: ${configDump(conf)}`));
    return { start, onStop: (tl) => tl.wait(100).exit(0) };
  }
  let deadline = start.wall() + METADATA_TIMEOUT_MS;
  return {
    start,
    loop: (tl) => {
      tl.wait(deadline - tl.wall());
      tl.out([
        line(tl.wall(), 'info', 'Unable to determine platform'),
        line(
          tl.wall(),
          'error',
          `config error file=${JSON.stringify(path)} error="Unable to obtain metadata parameters: project_id zone vm_id"`,
        ),
      ]);
      tl.wait(20);
      tl.out([
        line(tl.wall(), 'info', 'process finished code=256'),
        line(tl.wall(), 'error', 'fluentd main process died unexpectedly. restarting.'),
      ]);
      worker(tl);
      deadline = tl.wall() + METADATA_TIMEOUT_MS;
    },
    // SIGTERM: the supervisor stops restarting; the worker leaves only when its metadata request
    // gives up (the kubelet's SIGKILL comes first if that is beyond the grace period).
    onStop: (tl) => {
      tl.wait(Math.max(0, deadline - tl.wall()));
      tl.out([
        line(tl.wall(), 'info', 'Unable to determine platform'),
        line(
          tl.wall(),
          'error',
          `config error file=${JSON.stringify(path)} error="Unable to obtain metadata parameters: project_id zone vm_id"`,
        ),
        line(tl.wall(), 'info', 'process finished code=256'),
      ]);
      tl.exit(0);
    },
  };
}
