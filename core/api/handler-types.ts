/** Handler types mapped from the contract: one handler per channel, typed by inference. */
import type { ChannelArgs, ChannelName, ChannelOutput } from '../contract/channels.ts';
import type { Engine } from '../engine/create-engine.ts';
import type { SensorScope } from '../sensors/supervisor/sensor-tokens.ts';

export interface HandlerContext {
  engine: Engine;
  /** Base URL of the local HTTP listener, for webhook URLs; null when no listener runs. */
  publicUrl: string | null;
  /** Set when a sensor process calls with its own token: what that sensor may do (docs/sensors.md). */
  caller?: SensorScope | null;
  /**
   * Whether this caller may read encrypted key values (`keys.get` with decrypt). The desktop and
   * the UI's WebSocket hold the full API token; the REST host sets it per request from the
   * credential (core/host/access.ts `mayDecrypt`). Unset means yes.
   */
  mayDecrypt?: boolean;
}

export type Handler<C extends ChannelName> = (
  args: ChannelArgs<C>,
  ctx: HandlerContext,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;

export type Handlers = { [C in ChannelName]: Handler<C> };
