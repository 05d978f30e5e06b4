/**
 * Core's public entry point for the desktop host (electron/ imports only this and
 * core/contract): the engine, the channel handlers and the pieces a host provides.
 */
export { dispatch, type HandlerContext, handlers } from './api/index.ts';
export {
  type DesktopNotification,
  type NotificationHost,
  notifyOnAlerts,
  notifyOnFailure,
  notifyThrough,
} from './desktop/notification-router.ts';
export { decideQuit, type QuitDecision, type ShutdownOutcome, shutdownDesktop } from './desktop/quit.ts';
export { type DesktopSettings, readSettings, writeSettings } from './desktop/settings.ts';
export {
  type TrayAction,
  type TrayIconState,
  type TrayItem,
  type TrayState,
  trayIconState,
  trayMenu,
} from './desktop/tray-model.ts';
export { type TrayHostState, type TrayWatch, watchTray } from './desktop/tray-watch.ts';
export {
  createEngine,
  DEFAULT_CORE_PACK_DIR,
  type Engine,
  type EngineOptions,
} from './engine/create-engine.ts';
export { createLogger } from './host/logger.ts';
export type { Logger } from './model/logger.ts';
export type { RunnerHost } from './runners/index.ts';
export { fileKeyProvider, type KeyProvider } from './secrets/key-provider.ts';
