/**
 * The programs of cluster add-on images the corpus runs (kubernetes.io's admin/ examples).
 *
 * cluster-proportional-autoscaler 1.8.4 (kubernetes-sigs/cluster-proportional-autoscaler at tag
 * 1.8.4, cmd/cluster-proportional-autoscaler): it validates its flags first and exits 1 on a bad
 * `--target`, which is how "Autoscale the DNS Service in a Cluster" fails when the reader keeps
 * the page's `<SCALE_TARGET>` placeholder. With valid flags it logs its target and then polls the
 * nodes every `--poll-period-seconds`; the scaling itself (a ConfigMap of parameters and the
 * target's /scale) is not simulated here: the process runs and changes nothing.
 */
import { formatDate } from '../../shell/date';
import { flag, frac, type ServerSpec } from '../timeline';
import type { ImageProgramInput } from './tutorials';

export function clusterProportionalAutoscaler({
  args,
  input,
  start,
}: ImageProgramInput): ServerSpec {
  // glog with --logtostderr: `Lmmdd hh:mm:ss.uuuuuu pid file:line] msg`, the pid 1 in a container.
  const glog = (level: 'I' | 'E', at: string, msg: string) =>
    `${level}${formatDate(start.wall(), '%m%d %H:%M:%S')}.${frac(start.wall(), 6)}       1 ${at}] ${msg}`;
  start.wait(5);
  // options.go ValidateFlags: the target is lower-cased, then every check logs before it fails.
  const target = (flag(args, 'target') ?? '').toLowerCase();
  const namespace = flag(args, 'namespace') ?? input.env.MY_POD_NAMESPACE ?? '';
  const errors: string[] = [];
  if (target === '') errors.push(glog('E', 'options.go:80', '--target parameter cannot be empty'));
  else if (!/^(deployment|replicationcontroller|replicaset)\//.test(target))
    errors.push(
      glog(
        'E',
        'options.go:86',
        'Target format error. Please use deployment/*, replicationcontroller/* or replicaset/* (not case sensitive).',
      ),
    );
  if (!flag(args, 'configmap'))
    errors.push(glog('E', 'options.go:60', '--configmap parameter cannot be empty'));
  if (!namespace)
    errors.push(glog('E', 'options.go:64', '--namespace parameter not set and failed to fallback'));
  if (Number(flag(args, 'poll-period-seconds') ?? 10) < 1)
    errors.push(glog('E', 'options.go:68', '--poll-period-seconds cannot be less than 1'));
  if (errors.length) {
    // autoscaler.go main: glog.Errorf("%v", err); os.Exit(1).
    start.err([
      ...errors,
      glog('E', 'autoscaler.go:45', 'failed to validate all input parameters'),
    ]);
    return { start: start.exit(1) };
  }
  start.err(glog('I', 'autoscaler.go:49', `Scaling Namespace: ${namespace}, Target: ${target}`));
  // Go's runtime as PID 1: SIGTERM re-raised finds no default action, so it exits 2.
  return { start, onStop: (tl) => tl.exit(2) };
}
