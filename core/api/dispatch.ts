/**
 * The one validated door (VS Code's IPC validation): a channel name is checked, its input parsed
 * with the contract's schema, the handler run, and every outcome returned as data.
 */
import { channels, isChannelName } from '../contract/channels.ts';
import { describeIssues, type Result } from '../contract/result.ts';
import { toErrorData } from '../model/errors.ts';
import type { HandlerContext, Handlers } from './handler-types.ts';

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  input: unknown,
  ctx: HandlerContext,
): Promise<Result<unknown>> {
  if (!isChannelName(channel)) {
    return { ok: false, error: { code: 'NOT_FOUND', message: `unknown channel ${JSON.stringify(channel)}` } };
  }
  const parsed = channels[channel].input.safeParse(input ?? {});
  if (!parsed.success) {
    const d = describeIssues(parsed.error.issues);
    return { ok: false, error: { code: 'VALIDATION_ERROR', ...d } };
  }
  try {
    const handler = handlers[channel] as (a: unknown, c: HandlerContext) => unknown;
    return { ok: true, data: await handler(parsed.data, ctx) };
  } catch (err) {
    const error = toErrorData(err);
    if (error.code === 'INTERNAL')
      ctx.engine.logger.error('handler failed', { channel, error: error.message });
    return { ok: false, error };
  }
}
