/**
 * The desktop composition root: the engine in the main process, a sandboxed window for the
 * renderer, a tray icon, desktop notifications. All logic lives in core/; this file only binds it
 * to Electron.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, Notification, nativeImage, powerMonitor, Tray } from 'electron';
import { createEngine, createLogger, type Engine } from '../core/index.ts';
import { bindIpc } from './ipc.ts';
import { safeStorageKeyProvider } from './safe-storage-key.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererIndex = path.join(here, '../renderer/index.html');
let engine: Engine | null = null;
let win: BrowserWindow | null = null;
let tray: Tray | null = null;

function openWindow(): void {
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
  tray.setToolTip('Attune Desktop');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Attune Desktop', click: openWindow },
      { type: 'separator' },
      { label: 'Quit', click: () => app.quit() },
    ]),
  );
  openWindow();
}

app.on('second-instance', openWindow);
// A tray app keeps running with no window open.
app.on('window-all-closed', () => {});
let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !engine) return;
  e.preventDefault();
  quitting = true;
  void engine.stop(10_000).finally(() => app.exit(0));
});

void main().catch((err: unknown) => {
  dialog.showErrorBox('Attune Desktop cannot start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
