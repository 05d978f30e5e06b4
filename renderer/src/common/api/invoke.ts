/**
 * `invoke` for queries and mutations: one channel call through the bridge, with `{ok:false}`
 * turned into a thrown `ApiError` that keeps the code, message and field (so a form can put the
 * message on its field). The bridge is installed once at start.
 */
import type { AttuneBridge } from '../../../../core/contract/bridge.ts';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../../core/contract/channels.ts';
import type { Result } from '../../../../core/contract/result.ts';

type ErrorData = Extract<Result<unknown>, { ok: false }>['error'];

/** A channel's `{ok:false}` answer as an Error. */
export class ApiError extends Error {
  readonly code: ErrorData['code'];
  readonly field: string | undefined;
  readonly details: unknown;
  readonly channel: ChannelName;

  constructor(channel: ChannelName, e: ErrorData) {
    super(e.message);
    this.name = 'ApiError';
    this.channel = channel;
    this.code = e.code;
    this.field = e.field;
    this.details = e.details;
  }
}

let bridge: AttuneBridge | null = null;

/** Installs the bridge every `invoke` goes through (once, at start). */
export function installBridge(b: AttuneBridge): void {
  bridge = b;
}

/** The installed bridge (the notification router subscribes through it). */
export function currentBridge(): AttuneBridge {
  if (!bridge) throw new Error('no bridge installed: the app was started without a connection');
  return bridge;
}

/** Calls started before anyone asked (`invokeEarly`), by channel and input, each taken once. */
const early = new Map<string, Promise<Result<unknown>>>();
/** An early call nobody took within this long is dropped: its answer may be stale by then. */
const EARLY_KEEP_MS = 10_000;

const earlyKey = (channel: ChannelName, input: unknown) => `${channel} ${JSON.stringify(input)}`;

/**
 * Starts a call now, before the code that needs its answer has loaded (the first view's first
 * page, while its chunk downloads); the first `invoke` with the same channel and input (same
 * keys in the same order) takes the answer instead of asking again.
 */
export function invokeEarly<C extends ChannelName>(channel: C, input: ChannelInput<C>): void {
  const key = earlyKey(channel, input);
  early.set(key, currentBridge().invoke(channel, input));
  setTimeout(() => early.delete(key), EARLY_KEEP_MS);
}

/** Calls a channel; resolves with its data or throws an ApiError. */
export async function invoke<C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const key = earlyKey(channel, input);
  const started = early.get(key);
  if (started) early.delete(key);
  const r = (await (started ?? currentBridge().invoke(channel, input))) as Result<ChannelOutput<C>>;
  if (!r.ok) throw new ApiError(channel, r.error);
  return r.data;
}

/** The message to show for any error a query or mutation ended with. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
