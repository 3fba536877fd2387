import { describe, it, expect } from 'vitest';
import { startProgram } from '../programs';
import { base, drain, last, lines, sh } from '../../testing/shellHarness';

// The interpreter and executor: sequencing, exit codes, lazy loops, command lookup, signals.

describe('timing and exit codes', () => {
  it('echo hello && sleep 5 && exit 3: output at once, exit 3 after 5 s', () => {
    expect(drain(sh('echo hello && sleep 5 && exit 3'))).toEqual([
      { afterMs: 0, at: 0, type: 'output', stream: 'stdout', text: 'hello' },
      { afterMs: 5000, at: 5000, type: 'exit', code: 3 },
    ]);
  });

  it('the exit code is that of the last command', () => {
    expect(last(drain(sh('true; false')))).toMatchObject({ type: 'exit', code: 1 });
    expect(last(drain(sh('false; true')))).toMatchObject({ type: 'exit', code: 0 });
    expect(last(drain(sh('exit 300')))).toMatchObject({ code: 44 });
  });

  it('plain commands run without a shell', () => {
    const p = startProgram({ ...base, command: ['sleep', '3600'] }, () => 0);
    expect(drain(p)).toEqual([{ afterMs: 3_600_000, at: 3_600_000, type: 'exit', code: 0 }]);
    const echo = startProgram({ ...base, command: ['echo', 'hi', '$GREETING'] }, () => 0);
    expect(lines(drain(echo))).toEqual(['hi $GREETING']); // no shell, no expansion
  });
});

describe('loops are lazy', () => {
  it('while true; do echo tick; sleep 2; done yields a tick every 2 s, forever', () => {
    const p = sh('while true; do echo tick; sleep 2; done');
    const steps = drain(p, 50);
    expect(steps).toHaveLength(50);
    expect(steps.every((s) => s.type === 'output' && s.text === 'tick')).toBe(true);
    expect(steps.map((s) => s.at).slice(0, 4)).toEqual([0, 2000, 4000, 6000]);
    expect(steps[49].at).toBe(98_000);
    expect(p.next()).toMatchObject({ afterMs: 2000, text: 'tick' }); // and it goes on
  });

  it('a loop that never prints runs on quietly forever', () => {
    const p = sh('echo start; while true; do sleep 1; done');
    expect(lines(drain(p))).toEqual(['start']);
    expect(p.next()).toBeUndefined();
  });

  it('for loops over words and $(seq)', () => {
    expect(
      lines(
        drain(sh('for i in 1 2 3; do echo "n$i"; done; for j in $(seq 2 3); do echo $j; done')),
      ),
    ).toEqual(['n1', 'n2', 'n3', '2', '3']);
  });

  it('date advances with virtual time', () => {
    const out = lines(drain(sh('while true; do echo "$(date)"; sleep 10; done'), 2));
    expect(out).toEqual(['Mon Jan  5 09:00:00 UTC 2026', 'Mon Jan  5 09:00:10 UTC 2026']);
  });
});

describe('errors', () => {
  it('an unknown command prints sh: foo: not found and gives 127', () => {
    const steps = drain(sh('foo'));
    expect(steps).toEqual([
      { afterMs: 0, at: 0, type: 'output', stream: 'stderr', text: 'sh: foo: not found' },
      { afterMs: 0, at: 0, type: 'exit', code: 127 },
    ]);
  });

  it("uses each image's shell: dash numbers its lines, bash says command not found", () => {
    expect(lines(drain(sh('foo', { image: 'docker.io/library/debian:12' })))).toEqual([
      'sh: 1: foo: not found',
    ]);
    const bash = startProgram(
      { ...base, image: 'docker.io/library/ubuntu:24.04', command: ['bash', '-c', 'foo'] },
      () => 0,
    );
    expect(lines(drain(bash))).toEqual(['bash: line 1: foo: command not found']);
  });
});

describe('SIGTERM', () => {
  it('a sh -c PID 1 without a trap ignores SIGTERM and keeps running', () => {
    const p = sh('while true; do echo tick; sleep 2; done');
    drain(p, 3);
    expect(p.terminate()).toEqual([]);
    expect(p.next()).toMatchObject({ type: 'output', text: 'tick' });
  });

  it('a trap runs its handler on SIGTERM', () => {
    const p = sh('trap "echo got TERM; exit 0" TERM; echo started; while true; do sleep 1; done');
    expect(lines(drain(p))).toEqual(['started']);
    expect(p.terminate()).toEqual([
      { afterMs: 0, type: 'output', stream: 'stdout', text: 'got TERM' },
      { afterMs: 0, type: 'exit', code: 0 },
    ]);
    expect(p.next()).toBeUndefined();
  });

  it('sleep as PID 1 ignores SIGTERM too', () => {
    expect(startProgram({ ...base, command: ['sleep', '3600'] }, () => 0).terminate()).toEqual([]);
  });
});

describe('bash indexed arrays', () => {
  const bash = (script: string, image = 'docker.io/library/bash') =>
    lines(drain(startProgram({ ...base, image, command: ['bash', '-c', script] }, () => 0)));

  it('items=(…) then ${items[i]}, an arithmetic subscript, ${items[@]} and $items', () => {
    const script = `items=(foo bar baz qux xyz)
      I=2
      echo \${items[$I]} \${items[I+1]} \${items[0]}
      echo \${items[@]}
      echo $items \${items[9]}.`;
    expect(bash(script)).toEqual(['baz qux foo', 'foo bar baz qux xyz', 'foo .']);
  });

  // jobs: the MySQL StatefulSet's init script (application/mysql/mysql-statefulset.yaml).
  it('[[ $HOSTNAME =~ -([0-9]+)$ ]] sets BASH_REMATCH: the match, then each group', () => {
    const script = `[[ mysql-2 =~ -([0-9]+)$ ]] || exit 1
      ordinal=\${BASH_REMATCH[1]}
      echo "$ordinal \${BASH_REMATCH[0]} $BASH_REMATCH"
      echo server-id=$((100 + $ordinal))
      [[ web =~ -([0-9]+)$ ]]; echo "no match: $? [\${BASH_REMATCH[1]}]"`;
    expect(bash(script)).toEqual(['2 -2 -2', 'server-id=102', 'no match: 1 []']);
  });

  it('=~ matches quoted parts literally, knows [[:digit:]], and an invalid pattern is 2', () => {
    const script = `[[ abc =~ "b.c" ]] || echo literal
      [[ a.c =~ "a.c" ]] && echo quoted-dot
      [[ x42 =~ ^x[[:digit:]]+$ ]] && echo class
      [[ x =~ a{2,1} ]]; echo "invalid $?"
      [[ -n x && 1 -eq 2 || x =~ ^x$ ]] && echo joined`;
    expect(bash(script)).toEqual(['literal', 'quoted-dot', 'class', 'invalid 2', 'joined']);
  });

  // The MySQL StatefulSet's xtrabackup sidecar: `[[ -f F && "x$(<F)" != "x" ]]` with no F.
  it('[[ A && B ]] and [[ A || B ]] short-circuit: B is not expanded when A decides', () => {
    const script = `[[ -f /nope && "x$(<nope)" != "x" ]]; echo "and $?"
      [[ -n x || "$(echo side effect >&2)" == y ]]; echo "or $?"
      [[ -z x && -n $(echo never >&2) || -n yes ]] && echo "precedence"
      echo "hello world;" > /tmp/f
      [[ -f /tmp/f && "x$(</tmp/f)" != "x" ]] && echo "read: $(</tmp/f)"
      v="a b"; [[ $v == "a b" ]] && echo "no splitting"
      [[ \`echo one two\` =~ ^(.*)[[:space:]]+(.*)$ ]] && echo "\${BASH_REMATCH[2]}"`;
    const p = startProgram(
      { ...base, image: 'docker.io/library/bash', command: ['bash', '-c', script] },
      () => 0,
    );
    const steps = drain(p);
    expect(lines(steps)).toEqual([
      'and 1',
      'or 0',
      'precedence',
      'read: hello world;',
      'no splitting',
      'two',
    ]);
  });

  it("mv of an image's executable leaves a whiteout: it is not found until moved back", () => {
    const script = `mv /usr/bin/mysql /usr/bin/mysql.off
      mysql -e 'SELECT 1'; echo "status $?"
      mv /usr/bin/mysql.off /usr/bin/mysql
      mv /usr/bin/nope /tmp/x`;
    const p = startProgram(
      { ...base, image: 'docker.io/library/mysql:5.7', command: ['bash', '-c', script] },
      () => 0,
    );
    expect(lines(drain(p))).toEqual([
      'bash: line 2: mysql: command not found',
      'status 127',
      "mv: cannot stat '/usr/bin/nope': No such file or directory",
    ]);
  });

  it('set -x prints each command, ++ inside $(…), quoting words, [[ terms as evaluated', () => {
    const script = `set -ex
      [[ \`hostname\` =~ -([0-9]+)$ ]] || exit 1
      ordinal=\${BASH_REMATCH[1]}
      echo [mysqld] > /tmp/c
      [[ -f /nope && "x$(</nope)" != "x" ]] || echo "it's" done`;
    const p = startProgram(
      {
        ...base,
        hostname: 'mysql-2',
        image: 'docker.io/library/bash',
        command: ['bash', '-c', script],
      },
      () => 0,
    );
    expect(lines(drain(p))).toEqual([
      '++ hostname',
      '+ [[ mysql-2 =~ -([0-9]+)$ ]]',
      '+ ordinal=2',
      "+ echo '[mysqld]'",
      '+ [[ -f /nope ]]',
      "+ echo 'it'\\''s' done",
      "it's done",
    ]);
  });

  it('sed s///, cp and mv work on the files: the sidecar turns slave_info into its SQL', () => {
    const script = `echo "CHANGE MASTER TO MASTER_LOG_FILE='b.000003', MASTER_LOG_POS=154;" > /tmp/info
      cat /tmp/info | sed -E 's/;$//g' > /tmp/in
      cp /tmp/in /tmp/copy; mv /tmp/in /tmp/orig
      cat /tmp/copy; cat /tmp/orig; ls /tmp
      echo abc | sed 's/\\(b\\)/[\\1]/'`;
    const p = startProgram(
      { ...base, image: 'docker.io/library/bash', command: ['bash', '-c', script] },
      () => 0,
    );
    expect(lines(drain(p))).toEqual([
      "CHANGE MASTER TO MASTER_LOG_FILE='b.000003', MASTER_LOG_POS=154",
      "CHANGE MASTER TO MASTER_LOG_FILE='b.000003', MASTER_LOG_POS=154",
      'copy',
      'info',
      'orig',
      'a[b]c',
    ]);
  });

  it("busybox ash has no =~: the pattern's parenthesis is a syntax error", () => {
    const ash = startProgram(
      { ...base, command: ['sh', '-c', '[[ mysql-2 =~ -([0-9]+)$ ]] || exit 1'] },
      () => 0,
    );
    const steps = drain(ash);
    expect(lines(steps)).toEqual(['sh: syntax error: unexpected "("']);
    expect(last(steps)).toMatchObject({ type: 'exit', code: 2 });
  });

  it('ash has no arrays: `a=(1 2)` is a syntax error there', () => {
    const ash = startProgram({ ...base, command: ['sh', '-c', 'a=(1 2)'] }, () => 0);
    expect(last(drain(ash))).toMatchObject({ type: 'exit', code: 2 });
  });
});
