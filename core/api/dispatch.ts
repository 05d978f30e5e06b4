/**
 * The one validated door (VS Code's IPC validation): a channel name is checked, its input parsed
 * with the contract's schema, the handler run, and every outcome returned as data. Nothing
 * thrown gets out (docs/security.md, "Channel inputs and runner parameters").
 */
import { channels, isChannelName } from '../contract/channels.ts';
import { describeIssues, type Result } from '../contract/result.ts';
import { type ErrorData, toErrorData } from '../model/errors.ts';
import type { HandlerContext, Handlers } from './handler-types.ts';
import { findNonJson } from './json-input.ts';
import { resolveIds } from './ref-or-id.ts';

/** The input as the channel's schema reads it, or the error that says why it cannot be read. */
function parseInput(channel: keyof typeof channels, input: unknown, ctx: HandlerContext) {
  const nonJson = findNonJson(input);
  if (nonJson) {
    const error: ErrorData = nonJson.path
      ? { code: 'VALIDATION_ERROR', message: `${nonJson.path}: ${nonJson.what}`, field: nonJson.path }
      : { code: 'VALIDATION_ERROR', message: `input: ${nonJson.what}` };
    return { ok: false as const, error };
  }
  try {
    const parsed = channels[channel].input.safeParse(input);
    if (parsed.success) return { ok: true as const, data: parsed.data as unknown };
    const d = describeIssues(parsed.error.issues);
    return { ok: false as const, error: { code: 'VALIDATION_ERROR', ...d } satisfies ErrorData };
  } catch (err) {
    // The schemas recurse where the contract nests (a parameter's `items`); the stack is the limit.
    if (err instanceof RangeError) {
      return {
        ok: false as const,
        error: { code: 'BAD_REQUEST', message: 'input is nested too deeply to validate' } satisfies ErrorData,
      };
    }
    ctx.engine.logger.error('input validation failed', { channel, error: String(err) });
    return {
      ok: false as const,
      error: { code: 'INTERNAL', message: 'input validation failed' } satisfies ErrorData,
    };
  }
}

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  input: unknown,
  ctx: HandlerContext,
): Promise<Result<unknown>> {
  if (!isChannelName(channel)) {
    return { ok: false, error: { code: 'NOT_FOUND', message: `unknown channel ${JSON.stringify(channel)}` } };
  }
  const parsed = parseInput(channel, input ?? {}, ctx);
  if (!parsed.ok) return parsed;
  try {
    const handler = handlers[channel] as (a: unknown, c: HandlerContext) => unknown;
    const args = resolveIds(channel, parsed.data, ctx.engine.store.read);
    return { ok: true, data: await handler(args, ctx) };
  } catch (err) {
    const error = toErrorData(err);
    if (error.code === 'INTERNAL')
      ctx.engine.logger.error('handler failed', { channel, error: error.message });
    return { ok: false, error };
  }
}
