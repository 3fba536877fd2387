/**
 * Golden transcripts of `kubectl exec`, `run -i --tty --rm`, `attach` and `port-forward` (issue
 * 14 item 7), as a learner types them in the browser's terminal: a fixed seed, each line with its
 * output, compared line by line with testdata/exec/*.golden.txt. Typed lines inside a session are
 * steps `> TEXT`. The error texts are kubectl v1.31's (pkg/cmd/exec/exec.go, the API server's
 * streamLocation, the kubelet's server.go, containerd's exec error). Regenerate after an intended
 * change with `UPDATE_GOLDEN=1 npx vitest run src/engine/kubectl/execGolden.test.ts`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { expectGolden } from '../testing/golden';
import { kubectlTranscript } from '../testing/kubectlTranscript';

const here = dirname(fileURLToPath(import.meta.url));

function golden(name: string, actual: string): void {
  expectGolden(join(here, 'testdata', 'exec', `${name}.golden.txt`), actual);
}

const TWO_CONTAINERS = `apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
  - name: web
    image: nginx:1.27
  - name: side
    image: busybox:1.36
    command: ['sh', '-c', 'echo side > /tmp/who; sleep 3600']
`;

describe('kubectl exec (golden)', () => {
  it('runs one command, propagates its exit code, and prints kubectl’s errors', () => {
    golden(
      'exec-one-command',
      kubectlTranscript(
        [
          'run web --image=nginx:1.27',
          'apply -f two.yaml',
          'create deployment sleeper --image=busybox:1.36 -- sleep 3600',
          'wait 30',
          'exec web -- ls /',
          'exec web -- cat /nope',
          'exec web -- sh -c "echo out; exit 3"',
          'exec web -- ps',
          'exec nope -- ls',
          'exec web -c nope -- ls',
          'exec two -- hostname',
          'exec two -c side -- cat /tmp/who',
          'exec deploy/sleeper -- hostname',
          'exec web ls',
          'exec web',
          'exec',
        ],
        { 'two.yaml': TWO_CONTAINERS },
      ),
    );
  });

  it('exec -it: a shell in the container keeps its state between lines and exits with its code', () => {
    golden(
      'exec-interactive',
      kubectlTranscript(
        [
          'create deployment web --image=nginx:1.27',
          'expose deployment web --port=80',
          'run client --image=busybox:1.36 -- sleep 3600',
          'wait 30',
          'exec -it client -- sh',
          '> cd /tmp',
          '> echo hello > greeting; ls',
          '> wget -qO- web | head -n 4',
          '> while true; do echo tick; sleep 1; done',
          '> ^C',
          '> echo $?',
          '> exit 2',
          'exec client -- cat /tmp/greeting',
          'exec -it deploy/web -- bash',
          '> ^D',
          'exec -it client -- sh',
          '> sleep 1000',
          'delete pod client --wait=false',
          'wait 40',
        ],
        {},
        { terminal: true },
      ),
    );
  });

  it('run -i --tty --rm attaches to a new pod and deletes it on exit; headless -it reads piped stdin', () => {
    golden(
      'run-rm',
      kubectlTranscript(
        [
          'run busybox -i --tty --rm --image=busybox --restart=Never -- sh',
          '> echo inside $HOSTNAME',
          '> exit',
          'get pods',
          'run once -i --rm --image=busybox:1.36 --restart=Never -- echo hello',
          'run bad --rm --image=busybox',
          'run shell -it --image=busybox:1.36 --restart=Never -- sh',
          '> exit 5',
        ],
        {},
        { terminal: true },
      ),
    );
  });

  it('port-forward prints its Forwarding lines and carries curl to the pod', () => {
    golden(
      'port-forward',
      kubectlTranscript([
        'create deployment web --image=nginx:1.27',
        'expose deployment web --port=8000 --target-port=80',
        'wait 30',
        'port-forward svc/web 8080:8000 &',
        'curl -s localhost:8080/',
        'curl localhost:9090',
        'port-forward deploy/web 8080:80',
        'port-forward deploy/web 8081:81 &',
        'curl localhost:8081',
        'port-forward',
      ]),
    );
  });
});
