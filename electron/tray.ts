/**
 * Renders core's tray menu model (core/desktop/tray-model.ts) with Menu.buildFromTemplate and
 * routes clicks back as actions. Rebuilt whenever core's tray watch reports a change.
 */

import path from 'node:path';
import { Menu, type MenuItemConstructorOptions, nativeImage, nativeTheme, type Tray } from 'electron';
import { type TrayAction, type TrayItem, type TrayState, trayIconState, trayMenu } from '../core/index.ts';

/** Electron's template for one of core's items. */
function toTemplate(item: TrayItem, act: (a: TrayAction) => void): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'label':
      return { label: item.label, enabled: false };
    case 'action':
      return { label: item.label, enabled: item.enabled, click: () => act(item.action) };
    case 'checkbox':
      return { label: item.label, type: 'checkbox', checked: item.checked, click: () => act(item.action) };
    case 'submenu':
      return { label: item.label, enabled: item.enabled, submenu: item.items.map((i) => toTemplate(i, act)) };
  }
}

/**
 * The icon file for a state: macOS gets template images (it tints them for light and dark);
 * elsewhere the variant drawn for the current theme. The `@2x` file beside it is picked up by
 * nativeImage on high-density screens.
 */
export function trayIconFile(resources: string, state: TrayState): string {
  const s = trayIconState(state);
  const theme = nativeTheme.shouldUseDarkColors ? 'dark' : 'light';
  const name = process.platform === 'darwin' ? `tray-${s}Template.png` : `tray-${s}-${theme}.png`;
  return path.join(resources, 'icons', name);
}

/** Shows `state` in the tray: icon, tooltip and menu. */
export function renderTray(
  tray: Tray,
  resources: string,
  state: TrayState,
  act: (a: TrayAction) => void,
): void {
  tray.setImage(nativeImage.createFromPath(trayIconFile(resources, state)));
  tray.setToolTip(state.paused ? 'Attune Desktop (timers paused)' : 'Attune Desktop');
  tray.setContextMenu(Menu.buildFromTemplate(trayMenu(state, Date.now()).map((i) => toTemplate(i, act))));
}
