/**
 * Which program a catalogued image runs: its own (the addons' servers at once; the programs of
 * the images kubernetes.io's examples run, in ./tutorialPrograms.ts, on demand, as only a
 * learner's manifest runs them), or the generic server every other catalogued image runs: its
 * banner, its ports, a clean stop.
 */
import type { RegistryImage } from '../../../node/runtime/images';
import type { ServerSpec, Timeline } from '../timeline';
import type { ProgramInput } from '../types';
import { clusterProportionalAutoscaler } from './addons';
import { onDemand } from '../../../onDemand';
import { metricsServer } from './metricsServer';

/** What an image's program is started with. */
export interface ImageProgramInput {
  img: RegistryImage;
  /** The process's arguments after its executable. */
  args: string[];
  input: ProgramInput;
  start: Timeline;
  /** The virtual clock, for answers that depend on how long the process has run. */
  now: () => number;
}

/** The image programs; one may decline a tag it does not know (undefined: the default process). */
const PROGRAMS: Record<string, (p: ImageProgramInput) => ServerSpec | undefined> = {
  'metrics-server': metricsServer,
  'cluster-proportional-autoscaler': clusterProportionalAutoscaler,
  // Only a learner's manifest runs these: their programs load on demand.
  'proxy-server': (p) => onDemand().proxyServer(p),
  'proxy-agent': (p) => onDemand().proxyAgent(p),
  'fluentd-gcp': (p) => (p.img.tag === '1.30' ? onDemand().fluentdGcp130(p) : undefined),
};

/** The kubernetes.io examples' images' programs (./tutorialPrograms.ts), loaded on demand. */
const TUTORIAL_PROGRAMS = [
  'perl',
  'hello-app',
  'php-apache',
  'gb-frontend',
  'apache-php',
  'hello-world',
  'vish-stress',
  'socat',
  'node-hello',
];
for (const name of TUTORIAL_PROGRAMS) PROGRAMS[name] = (p) => onDemand().tutorialPrograms[name](p);

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * The image's own program (catalogue `program`), when the container runs the image's executable
 * (`perl …` in the perl image, `apache2-foreground` in php-apache); undefined otherwise.
 */
export function imageProgram(name: string, p: ImageProgramInput): ServerSpec | undefined {
  const run = p.img.program ? PROGRAMS[p.img.program] : undefined;
  if (!run) return undefined;
  const own = [...p.img.entrypoint, ...p.img.cmd, ...(p.img.bins ?? [])].map(basename);
  return own.includes(name) || name === p.img.program ? run(p) : undefined;
}

/**
 * The image's default process when nothing overrides it and no program of its own is written:
 * a server prints its banner and listens on its ports until stopped (exit 0 on SIGTERM); a shell,
 * language runtime or tool without a tty reads end of file and exits 0.
 */
export function defaultProcess(name: string, p: ImageProgramInput): ServerSpec | undefined {
  const { img, input, start } = p;
  // A server's own executable run with flags (the static pods' `kube-apiserver --…`) serves too.
  const ownServer = img.kind === 'server' && (img.bins ?? []).map(basename).includes(name);
  if ((input.command?.length || input.args?.length) && !ownServer) return undefined;
  if (img.kind !== 'server') return img.bins ? { start: start.wait(20).exit(0) } : undefined;
  if (!img.ports) return undefined;
  start.wait(300);
  if (img.banner) start.out([...img.banner]);
  return { start, listens: [...img.ports], onStop: (tl) => tl.wait(100).exit(0) };
}
