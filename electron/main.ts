/**
 * The Electron main process: one window on the built renderer, the service behind a checked IPC
 * handler, native menu and dialogs. Everything the window shows is local (see security.ts).
 */
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, session } from 'electron';
import { createService, type InceptionService } from '../src/service/service';
import type { MenuCommand } from './bridge';
import { BEFORE_CLOSE_CHANNEL, CLASSIFY_EVENT_CHANNEL, EVENT_CHANNEL, MENU_CHANNEL, READY_TO_CLOSE_CHANNEL } from './channels';
import { createCloseGate } from './closeGate';
import { createPickImages, createPickPath } from './dialogs';
import { handleApiCalls } from './ipc';
import { isSameFileUrl } from './ipcGuard';
import { menuTemplate } from './menu';
import { appPaths } from './paths';
import { guardWebContents, hardenSession } from './security';
import { createMainWindow } from './window';

const APP_NAME = 'Inception Studio';
const paths = appPaths(app.getAppPath());
const urlOptions = { ignoreCase: process.platform === 'win32' };
let mainWindow: BrowserWindow | null = null;
/** A quit (menu, Cmd+Q, the OS) that a held window close cancelled; it is asked again once the window closes. */
let quitRequested = false;
/** How long a window may wait for its page to save before it closes anyway. */
const PAGE_SAVE_TIMEOUT_MS = 3000;
const pageSaves = new Map<number, () => void>();
let lastPageSave = 0;

app.enableSandbox();

if (app.requestSingleInstanceLock()) {
  app.on('second-instance', () => showMainWindow());
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, (url) => isSameFileUrl(url, paths.rendererIndexUrl, urlOptions));
  });
  app.on('before-quit', () => {
    quitRequested = true;
  });
  ipcMain.on(READY_TO_CLOSE_CHANNEL, (event, id: unknown) => {
    const window = liveMainWindow();
    if (!window || event.sender !== window.webContents || typeof id !== 'number') return;
    pageSaves.get(id)?.();
    pageSaves.delete(id);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady()) showMainWindow();
  });
  app.whenReady().then(start).catch((error: unknown) => fail('Inception Studio could not start', error));
} else {
  // Another instance holds the lock; it was told to show its window ('second-instance').
  app.quit();
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  let service: InceptionService | null = null;
  const pickPath = createPickPath({
    parent: () => liveMainWindow(),
    startFolder: async () => (service ? path.join((await service.hostInfo()).workspace, 'designs') : undefined),
  });
  service = createService({ host: 'electron', pickPath, pickImages: createPickImages(() => liveMainWindow()) });
  const running = service;
  handleApiCalls(service, { rendererDirUrl: paths.rendererDirUrl, mainWindow: liveMainWindow, ...urlOptions });
  service.onRunEvent((message) => liveMainWindow()?.webContents.send(EVENT_CHANNEL, message));
  service.onClassifyEvent((message) => liveMainWindow()?.webContents.send(CLASSIFY_EVENT_CHANNEL, message));
  // Training jobs checkpoint and exit before the app does.
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped || running.runningJobs() === 0) return;
    event.preventDefault();
    void running.shutdown().finally(() => {
      stopped = true;
      app.quit();
    });
  });
  showMainWindow();
  const presets = await service.listPresets().catch((error: unknown) => {
    console.error(`Could not list presets for the menu: ${errorMessage(error)}`);
    return [];
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({
    platform: process.platform,
    appName: APP_NAME,
    packaged: app.isPackaged,
    presets,
    send: sendMenuCommand,
    showAbout,
  })));
}

function showMainWindow(): BrowserWindow {
  const existing = liveMainWindow();
  if (existing) {
    if (existing.isMinimized()) existing.restore();
    existing.focus();
    return existing;
  }
  const window = createMainWindow(paths, (error) => fail(
    `Could not load ${paths.rendererIndex}`,
    `${errorMessage(error)}\n\nBuild the app first: npm run build`,
  ));
  window.on('close', createCloseGate({
    askPage: () => askPageToSave(window),
    close: () => {
      if (!window.isDestroyed()) window.close();
      if (quitRequested) app.quit();
    },
    timeoutMs: PAGE_SAVE_TIMEOUT_MS,
    onProblem: (message) => console.warn(`Closing the window without the page's last save: ${message}`),
  }));
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  return window;
}

/** Asks the page to autosave unsaved changes; resolves when it answers (a crashed page cannot: resolves now). */
function askPageToSave(window: BrowserWindow): Promise<void> {
  const contents = window.webContents;
  if (window.isDestroyed() || contents.isDestroyed() || contents.isCrashed()) return Promise.resolve();
  const id = ++lastPageSave;
  return new Promise<void>((resolve) => {
    pageSaves.set(id, resolve);
    contents.send(BEFORE_CLOSE_CHANNEL, id);
  });
}

function liveMainWindow(): BrowserWindow | null {
  return mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
}

function sendMenuCommand(command: MenuCommand): void {
  const window = liveMainWindow();
  // With no window (macOS, all closed) a menu command opens one; the command itself is dropped,
  // since the new page is not listening yet.
  if (!window) {
    showMainWindow();
    return;
  }
  window.webContents.send(MENU_CHANNEL, command);
}

function showAbout(): void {
  const options = {
    type: 'info' as const,
    title: `About ${APP_NAME}`,
    message: `${APP_NAME} ${app.getVersion()}`,
    detail: [
      'Design convolutional networks visually and train them on your own images.',
      '',
      `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
    ].join('\n'),
    buttons: ['OK'],
  };
  const window = liveMainWindow();
  void (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
}

function fail(title: string, error: unknown): void {
  const message = errorMessage(error);
  console.error(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  app.exit(1);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
