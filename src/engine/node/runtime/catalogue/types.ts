/** The shape of the simulated registry's catalogue entries (../imageCatalogue). */

/** What sort of program an image runs, which drives its simulated behaviour. */
export type ImageKind = 'server' | 'shell' | 'runtime' | 'pause' | 'stress' | 'tool';

/** One repository of the catalogue. */
export interface RepoEntry {
  kind: ImageKind;
  entrypoint: string[];
  cmd: string[];
  /** Groups of tags naming the same image (same digest), with its compressed size in bytes. */
  tags: [tags: string[], sizeBytes: number][];
  /** Overrides for tags whose config differs (alpine variants' CMD, …). */
  variants?: { match: RegExp; entrypoint?: string[]; cmd?: string[] }[];
  /**
   * For images without a program of their own in userland/programs: the ports its server
   * listens on, the lines it prints when it starts, and executables besides its base's.
   */
  ports?: number[];
  banner?: string[];
  bins?: string[];
  /** The base its userland comes from (default: Debian's coreutils, or busybox for alpine tags). */
  base?: 'debian' | 'busybox' | 'scratch';
  /** A program of userland/programs/servers/tutorials (`perl`, `hello-app`, …). */
  program?: string;
}
