/**
 * Tab completion for the terminal: commands, sub-commands, flags, resource types, and the names
 * of objects (from the UI's copy of the cluster, so completing costs no API request).
 */
import { GLOBAL_FLAGS, type FlagSpec } from '../flags';
import { COMMANDS, SUBCOMMANDS } from './registry';
import { ALL_RESOURCES, lookupResource } from './resources';

/** Object names by resource plural and namespace (undefined: cluster-scoped or any). */
export type NameSource = (plural: string, namespace: string | undefined) => string[];

/** What to put in place of the word being typed. */
export interface Completion {
  /** Index in the line where the word being completed starts. */
  from: number;
  /** Matching candidates, sorted. */
  candidates: string[];
}

const OUTPUTS = ['json', 'jsonpath=', 'name', 'wide', 'yaml'];
/** Commands whose first argument is a resource type. */
const TYPED = new Set([
  'get',
  'describe',
  'delete',
  'label',
  'annotate',
  'scale',
  'expose',
  'edit',
]);
const NODE_COMMANDS = new Set(['cordon', 'uncordon', 'drain']);
const RESOURCE_WORDS = ALL_RESOURCES.map((r) => r.plural).concat('all');

function flagsOf(command: string, args: string[]): FlagSpec[] {
  const c = COMMANDS.get(command);
  if (!c) return GLOBAL_FLAGS;
  return [...(typeof c.flags === 'function' ? c.flags(args) : c.flags), ...GLOBAL_FLAGS];
}

/** The namespace given with -n on the line, if any. */
function namespaceOf(words: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    if ((words[i] === '-n' || words[i] === '--namespace') && words[i + 1]) return words[i + 1];
    if (words[i].startsWith('--namespace=')) return words[i].slice('--namespace='.length);
  }
  return undefined;
}

/**
 * Completes the last word of `line` (the cursor is at its end).
 * @example complete('kubectl get po', names) // { from: 12, candidates: ['pods'] }
 */
export function complete(line: string, names: NameSource): Completion {
  const from = line.search(/\S*$/);
  const word = line.slice(from);
  const words = line.slice(0, from).trim().split(/\s+/).filter(Boolean);
  if (words[0] === 'kubectl') words.shift();
  const done = (all: string[]): Completion => ({
    from,
    candidates: [...new Set(all)].filter((c) => c.startsWith(word)).sort(),
  });
  if (
    line.trim() === '' ||
    (words.length === 0 && !'kubectl'.startsWith(word) && !line.startsWith('kubectl'))
  ) {
    return done(['kubectl', 'clear']);
  }
  if (words.length === 0)
    return done(line.startsWith('kubectl') ? [...COMMANDS.keys()] : ['kubectl']);
  const [command, ...rest] = words;
  const ns = namespaceOf(words) ?? 'default';
  const prev = words[words.length - 1];
  if (prev === '-n' || prev === '--namespace') return done(names('namespaces', undefined));
  if (prev === '-o' || prev === '--output') return done(OUTPUTS);
  if (word.startsWith('-')) {
    const specs = flagsOf(command, rest);
    return done(
      specs
        .map((f) => `--${f.name}`)
        .concat(specs.filter((f) => f.short).map((f) => `-${f.short}`)),
    );
  }
  // Positional arguments typed so far (skipping flags and their values).
  const positional: string[] = [];
  const specs = flagsOf(command, rest);
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    if (w.startsWith('-')) {
      const spec = specs.find((f) => `--${f.name}` === w || `-${f.short}` === w);
      if (spec && spec.type !== 'bool' && !w.includes('=')) i++;
      continue;
    }
    positional.push(w);
  }
  const subs = SUBCOMMANDS[command];
  if (subs && positional.length === 0) return done(subs);
  const args = subs ? positional.slice(1) : positional;
  const objectNames = (plural: string) => {
    const info = lookupResource(plural);
    return info ? names(info.plural, info.namespaced ? ns : undefined) : [];
  };
  if (word.includes('/')) {
    const type = word.slice(0, word.indexOf('/'));
    return done(objectNames(type).map((n) => `${type}/${n}`));
  }
  if (NODE_COMMANDS.has(command)) return done(args.length === 0 ? names('nodes', undefined) : []);
  if (command === 'taint')
    return done(args.length === 0 ? ['nodes'] : args.length === 1 ? names('nodes', undefined) : []);
  if (command === 'logs') return done(args.length === 0 ? objectNames('pods') : []);
  if (command === 'explain')
    return done(args.length === 0 ? RESOURCE_WORDS.filter((w) => w !== 'all') : []);
  if (command === 'rollout' || command === 'set') {
    return done(
      args.length === 0
        ? ['deployment', 'deployment/']
        : args.length === 1
          ? objectNames(args[0])
          : [],
    );
  }
  if (TYPED.has(command)) {
    if (args.length === 0) return done(RESOURCE_WORDS);
    const type = args[0].split(',')[0];
    return done(lookupResource(type) ? objectNames(type) : []);
  }
  return done([]);
}

/** The longest common prefix of the candidates (what Tab inserts when several match). */
export function commonPrefix(candidates: string[]): string {
  if (candidates.length === 0) return '';
  let p = candidates[0];
  for (const c of candidates) while (!c.startsWith(p)) p = p.slice(0, -1);
  return p;
}
