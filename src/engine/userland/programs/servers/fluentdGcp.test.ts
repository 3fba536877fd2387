import { describe, expect, it } from 'vitest';
import { startProgram } from '..';
import type { Program, ProgramStep } from '..';
import type { Mount } from '../../shell/types';

/** The virtual clock, moved on by each step taken, as the runtime does. */
let clock = 0;

function drain(p: Program, max: number): ProgramStep[] {
  const out: ProgramStep[] = [];
  for (let i = 0; i < max; i++) {
    const s = p.next();
    if (!s) break;
    clock += s.afterMs;
    out.push(s);
    if (s.type === 'exit') break;
  }
  return out;
}
const text = (steps: ProgramStep[]) =>
  steps.flatMap((s) => (s.type === 'output' ? [s.text.replace(/^[\d-]+ [\d:]+ \+0000 /, '')] : []));

const config = (output: string): Mount => ({
  path: '/etc/fluentd-config',
  readOnly: true,
  files: new Map([
    [
      '/fluentd.conf',
      `<source>\n  type tail\n  format none\n  path /var/log/1.log\n  pos_file /var/log/1.log.pos\n  tag count.format1\n</source>\n\n<match **>\n  type ${output}\n</match>\n`,
    ],
  ]),
});
const agent = (mounts: Mount[]) => {
  clock = 0;
  return startProgram(
    {
      image: 'registry.k8s.io/fluentd-gcp:1.30',
      env: { FLUENTD_ARGS: '-c /etc/fluentd-config/fluentd.conf' },
      containerName: 'count-agent',
      podName: 'counter',
      namespace: 'default',
      hostname: 'counter',
      podIP: '10.244.1.7',
      mounts,
    },
    () => clock,
  );
};

describe('fluentd-gcp 1.30 (the logging sidecar) off Google Cloud', () => {
  it("fails its google_cloud output's configure after the metadata timeout and restarts the worker, forever", () => {
    const steps = drain(agent([config('google_cloud')]), 40);
    const out = text(steps);
    expect(out.slice(0, 7)).toEqual([
      '[info]: reading config file path="/etc/fluentd-config/fluentd.conf"',
      '[info]: starting fluentd-0.12.29',
      "[info]: gem 'fluent-plugin-google-cloud' version '0.5.2'",
      "[info]: gem 'fluent-plugin-record-reformer' version '0.8.2'",
      "[info]: gem 'fluent-plugin-systemd' version '0.0.5'",
      "[info]: gem 'fluentd' version '0.12.29'",
      '[info]: adding match pattern="**" type="google_cloud"',
    ]);
    expect(out.slice(7, 12)).toEqual([
      '[info]: Unable to determine platform',
      '[error]: config error file="/etc/fluentd-config/fluentd.conf" error="Unable to obtain metadata parameters: project_id zone vm_id"',
      '[info]: process finished code=256',
      '[error]: fluentd main process died unexpectedly. restarting.',
      '[info]: starting fluentd-0.12.29',
    ]);
    // Net::HTTP's 60 s open timeout between the match and the error.
    expect(steps[7].afterMs).toBe(60_000);
    expect(out.filter((l) => l.startsWith('[error]: config error')).length).toBeGreaterThanOrEqual(
      3,
    );
    expect(steps.some((s) => s.type === 'exit')).toBe(false);
  });

  it('with another output the worker starts', () => {
    const out = text(drain(agent([config('stdout')]), 40));
    expect(out.slice(-12)).toEqual([
      '[info]: using configuration file: <ROOT>',
      '  <source>',
      '    type tail',
      '    format none',
      '    path /var/log/1.log',
      '    pos_file /var/log/1.log.pos',
      '    tag count.format1',
      '  </source>',
      '  <match **>',
      '    type stdout',
      '  </match>',
      '</ROOT>',
    ]);
  });

  it("without its configuration file it exits 1 with Ruby's error", () => {
    const steps = drain(agent([]), 40);
    expect(text(steps).at(-1)).toMatch(
      /supervisor\.rb:474:in `read': No such file or directory @ rb_sysopen - \/etc\/fluentd-config\/fluentd\.conf \(Errno::ENOENT\)$/,
    );
    expect(steps.at(-1)).toMatchObject({ type: 'exit', code: 1 });
  });
});
