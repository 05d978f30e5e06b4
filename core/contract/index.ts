/** The contract: the one part of core the renderer may import (types and schemas only). */
export * from './alerts.ts';
export * from './bridge.ts';
export * from './channels.ts';
export * from './entities.ts';
export * from './keys.ts';
export * from './notifications.ts';
export * from './result.ts';
export * from './retention.ts';
export * from './schedule.ts';
export * from './sensors.ts';
