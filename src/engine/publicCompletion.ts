/**
 * kubectl's Tab completion of commands, flags and object names, for the terminal. Its own module
 * (see `public.ts`): completing flags needs every command's definition, which is most of kubectl,
 * so only the terminal panel, loaded when first opened, imports it.
 */
export { complete, commonPrefix } from './kubectl/commands/completion';
