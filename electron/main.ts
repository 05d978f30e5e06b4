/**
 * The desktop composition root: the engine in the main process, a sandboxed window for the
 * renderer, a tray icon, desktop notifications. All logic lives in core/; this file only binds it
 * to Electron.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Notification, nativeImage, powerMonitor, Tray } from 'electron';
import {
  createEngine,
  createLogger,
  type DesktopNotification,
  decideQuit,
  type Engine,
  type NotificationHost,
  notifyOnAlerts,
  notifyOnFailure,
  notifyThrough,
  readSettings,
  shutdownDesktop,
  type TrayAction,
  type TrayWatch,
  watchTray,
  writeSettings,
} from '../core/index.ts';
import { bindIpc } from './ipc.ts';
import { safeStorageKeyProvider } from './safe-storage-key.ts';
import { renderTray } from './tray.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererIndex = path.join(here, '../renderer/index.html');
const resources = app.isPackaged ? process.resourcesPath : path.join(here, '../../resources');
let engine: Engine | null = null;
let win: BrowserWindow | null = null;
let tray: Tray | null = null;
let watch: TrayWatch | null = null;
let stopFailureNotices: (() => void) | null = null;
let stopAlertNotices: (() => void) | null = null;
let quitting = false;
let toldAboutTray = false;

/** Opens the window; `route` is a renderer hash route such as `/executions/7`. */
function openWindow(route?: string): void {
  watch?.markOpened();
  if (win) {
    win.show();
    // A hash change is in-page navigation, which will-navigate does not block.
    if (route) void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(route)}`);
    return;
  }
  win = new BrowserWindow({
    width: 1200,
    height: 800,
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.once('ready-to-show', () => win?.show());
  // Closing hides to the tray: the engine keeps running until Quit.
  win.on('close', (e) => {
    if (quitting) return;
    e.preventDefault();
    win?.hide();
    if (!toldAboutTray) {
      toldAboutTray = true;
      new Notification({
        title: 'Attune Desktop is still running',
        body: 'Timers keep firing; open it again or quit from the tray icon.',
      }).show();
    }
  });
  win.on('closed', () => {
    win = null;
  });
  void win.loadFile(rendererIndex, route ? { hash: route } : {});
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const dataDir = process.env.ATTUNE_DATA_DIR ?? app.getPath('userData');
  const logger = createLogger();
  let settings = readSettings(dataDir);
  const notifications: NotificationHost = {
    show: (n: DesktopNotification) => {
      const shown = new Notification({ title: n.title, body: n.body });
      if (n.executionId !== null) shown.on('click', () => openWindow(`/executions/${n.executionId}`));
      shown.show();
    },
  };
  // Takes the data folder's lock first (shared with `serve`): a second app on the same folder,
  // a damaged database or a missing master key end here with one sentence.
  engine = createEngine({
    dataDir,
    logger,
    keyProvider: safeStorageKeyProvider(dataDir),
    version: app.getVersion(),
    // Packaged, the core pack is a real folder beside app.asar (its scripts must be executable).
    ...(app.isPackaged ? { corePackDir: path.join(process.resourcesPath, 'packs', 'core') } : {}),
    ...(process.env.ATTUNE_SQLITE_BINDING ? { nativeBinding: process.env.ATTUNE_SQLITE_BINDING } : {}),
    runnerHost: {
      notify: notifyThrough(notifications),
      log: (level, msg, data) => logger[level](msg, data),
    },
  });
  await engine.start();
  // No HTTP listener in the desktop app: pack sensors emit on stdout (docs/sensors.md).
  engine.sensors.attach(null);
  const expected = new URL(`file://${rendererIndex}`).href;
  bindIpc(
    engine,
    (frame) => frame !== null && frame === win?.webContents.mainFrame && frame.url.startsWith(expected),
  );
  powerMonitor.on('resume', () => engine?.hint('resume'));
  tray = new Tray(nativeImage.createEmpty());
  const running = engine;
  const act = (a: TrayAction): void => {
    switch (a.type) {
      case 'open':
        openWindow();
        return;
      case 'open-failures':
        openWindow('/executions');
        return;
      case 'toggle-notify-on-failure':
        settings = { ...settings, notify_on_failure: !settings.notify_on_failure };
        writeSettings(dataDir, settings);
        watch?.refresh();
        return;
      case 'run-rule':
        void running
          .runRule(a.ref, {})
          .catch((err: unknown) => logger.warn('run rule now failed', { error: String(err) }));
        return;
      case 'toggle-start-at-login':
        app.setLoginItemSettings({ openAtLogin: !app.getLoginItemSettings().openAtLogin });
        watch?.refresh();
        return;
      // The engine announces the change; the tray watch rebuilds the menu from that.
      case 'pause-timers':
        running.pauseTimers();
        return;
      case 'resume-timers':
        running.resumeTimers();
        return;
      case 'quit':
        app.quit();
        return;
    }
  };
  watch = watchTray(
    engine,
    {
      startAtLogin: () => app.getLoginItemSettings().openAtLogin,
      notifyOnFailure: () => settings.notify_on_failure,
    },
    (s) => {
      if (tray) renderTray(tray, resources, s, act);
    },
  );
  renderTray(tray, resources, watch.state(), act);
  stopFailureNotices = notifyOnFailure(running, notifications, () => settings.notify_on_failure);
  stopAlertNotices = notifyOnAlerts(running, notifications);
  openWindow();
}

app.on('second-instance', () => openWindow());
// A tray app keeps running with no window open.
app.on('window-all-closed', () => {});
const QUIT_GRACE_MS = 10_000;
app.on('before-quit', (e) => {
  if (quitting || !engine) return;
  e.preventDefault();
  const decision = decideQuit(engine, QUIT_GRACE_MS);
  if (decision.kind === 'ask') {
    const answer = dialog.showMessageBoxSync({
      type: 'question',
      message: decision.message,
      detail: decision.detail,
      buttons: [...decision.buttons],
      defaultId: 1,
      cancelId: 1,
    });
    if (answer !== 0) return;
  }
  quitting = true;
  const stopping = engine;
  void shutdownDesktop(stopping, {
    graceMs: QUIT_GRACE_MS,
    before: [
      () => watch?.stop(),
      () => stopFailureNotices?.(),
      () => stopAlertNotices?.(),
      () => tray?.destroy(),
    ],
    onError: (err) => stopping.logger.error('shutdown step failed', { error: String(err) }),
  }).then((outcome) => app.exit(outcome === 'closed' ? 0 : 1));
});

void main().catch((err: unknown) => {
  dialog.showErrorBox('Attune Desktop cannot start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
