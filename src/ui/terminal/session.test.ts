import { describe, expect, it } from 'vitest';
import { readsStdin } from './session';

const words = (line: string) => line.split(/\s+/);

describe('readsStdin', () => {
  it('is true when the command attaches stdin to a process in a pod', () => {
    expect(readsStdin(words('kubectl exec -it web -- sh'))).toBe(true);
    expect(readsStdin(words('kubectl exec -ti web -- sh'))).toBe(true);
    expect(readsStdin(words('k exec --stdin --tty web -- sh'))).toBe(true);
    expect(readsStdin(words('kubectl run bb -i --tty --rm --image=busybox -- sh'))).toBe(true);
    expect(readsStdin(words('kubectl attach bb -it'))).toBe(true);
  });

  it('is false for a one-off command, another command, or -i after the --', () => {
    expect(readsStdin(words('kubectl exec web -- ls -i'))).toBe(false);
    expect(readsStdin(words('kubectl exec -t web -- ls'))).toBe(false);
    expect(readsStdin(words('kubectl get pods -i'))).toBe(false);
    expect(readsStdin(words('curl localhost:8080'))).toBe(false);
  });
});
