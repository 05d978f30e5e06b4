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
  type Engine,
  type TrayAction,
  type TrayWatch,
  watchTray,
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
let quitting = false;
let toldAboutTray = false;

function openWindow(): void {
  watch?.markOpened();
  if (win) {
    win.show();
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
  void win.loadFile(rendererIndex);
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const dataDir = process.env.ATTUNE_DATA_DIR ?? app.getPath('userData');
  const logger = createLogger();
  // Takes the data folder's lock first (shared with `serve`): a second app on the same folder,
  // a damaged database or a missing master key end here with one sentence.
  engine = createEngine({
    dataDir,
    logger,
    keyProvider: safeStorageKeyProvider(dataDir),
    version: app.getVersion(),
    ...(process.env.ATTUNE_SQLITE_BINDING ? { nativeBinding: process.env.ATTUNE_SQLITE_BINDING } : {}),
    runnerHost: {
      notify: (title, body) => new Notification({ title, body }).show(),
      log: (level, msg, data) => logger[level](msg, data),
    },
  });
  await engine.start();
  const expected = new URL(`file://${rendererIndex}`).href;
  bindIpc(
    engine,
    (frame) => frame !== null && frame === win?.webContents.mainFrame && frame.url.startsWith(expected),
  );
  powerMonitor.on('resume', () => engine?.hint());
  tray = new Tray(nativeImage.createEmpty());
  const running = engine;
  const act = (a: TrayAction): void => {
    switch (a.type) {
      case 'open':
      case 'open-failures':
        openWindow();
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
      case 'pause-timers':
      case 'resume-timers':
        return;
      case 'quit':
        app.quit();
        return;
    }
  };
  // Pausing timers needs an engine capability that does not exist yet: the item shows disabled.
  watch = watchTray(
    engine,
    { paused: () => null, startAtLogin: () => app.getLoginItemSettings().openAtLogin },
    (s) => {
      if (tray) renderTray(tray, resources, s, act);
    },
  );
  renderTray(tray, resources, watch.state(), act);
  openWindow();
}

app.on('second-instance', openWindow);
// A tray app keeps running with no window open.
app.on('window-all-closed', () => {});
app.on('before-quit', (e) => {
  if (quitting || !engine) return;
  e.preventDefault();
  quitting = true;
  watch?.stop();
  void engine.stop(10_000).finally(() => app.exit(0));
});

void main().catch((err: unknown) => {
  dialog.showErrorBox('Attune Desktop cannot start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
