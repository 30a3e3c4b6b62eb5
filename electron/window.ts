import { BrowserWindow } from 'electron';
import type { AppPaths } from './paths';

/** Opens the main window on the built renderer; it shows itself once its first paint is ready. */
export function createMainWindow(paths: AppPaths, onLoadFailed: (error: Error) => void): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Inception Studio',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // A middle click must not open a link in a new window (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      preload: paths.preload,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    console.error(`The window's renderer process is gone (${details.reason}, exit code ${details.exitCode}).`);
  });
  window.loadFile(paths.rendererIndex).catch((error: unknown) => {
    // ERR_ABORTED only means the page started another navigation before this one finished.
    if ((error as { code?: unknown } | null)?.code === 'ERR_ABORTED') return;
    onLoadFailed(error instanceof Error ? error : new Error(String(error)));
  });
  return window;
}
