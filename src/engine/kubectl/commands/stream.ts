/** How long streaming commands (`get -w`, `logs -f`, `events -w`) run before they stop. */
import { parseDuration } from '../../scenario/duration';
import { str } from '../flags';
import type { CommandContext } from './context';

/** Default when output is not streamed (the headless runner): 30 s of virtual time. */
export const DEFAULT_STREAM_LIMIT_MS = 30_000;

/**
 * The virtual ms after which a stream ends: `--request-timeout` when given (0 = never); without a
 * streaming sink the environment's limit (a headless run cannot print forever); else never.
 */
export function streamLimit(ctx: CommandContext): number | undefined {
  const t = str(ctx.flags, 'request-timeout');
  if (t !== undefined) {
    try {
      const ms = parseDuration(t);
      return ms > 0 ? ms : undefined;
    } catch {
      return undefined;
    }
  }
  if (ctx.env.write) return undefined;
  return ctx.env.streamLimitMs ?? DEFAULT_STREAM_LIMIT_MS;
}

/** A kubectl duration flag (`--timeout=30s`), in ms; `undefined` when unset or invalid. */
export function durationFlag(ctx: CommandContext, name: string): number | undefined {
  const t = str(ctx.flags, name);
  if (t === undefined) return undefined;
  try {
    return parseDuration(t);
  } catch {
    return undefined;
  }
}
