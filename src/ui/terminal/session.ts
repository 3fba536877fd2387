/**
 * Whether a command line attaches the terminal to a process in a pod (`exec -it`, `attach -i`,
 * `run -i --tty`): what is typed then goes to it, a line at a time.
 */
export function readsStdin(words: string[]): boolean {
  const args = words[0] === 'kubectl' || words[0] === 'k' ? words.slice(1) : words;
  if (!['exec', 'attach', 'run'].includes(args[0] ?? '')) return false;
  const dash = args.indexOf('--');
  const flags = dash >= 0 ? args.slice(0, dash) : args;
  return flags.some((a) => /^-[tq]*i[tq]*$/.test(a) || a === '--stdin' || a === '--stdin=true');
}
