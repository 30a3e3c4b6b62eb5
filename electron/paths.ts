import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the built app's parts live, from the app root (`app.getAppPath()`). */
export interface AppPaths {
  /** The built renderer folder, `dist/renderer`. */
  rendererDir: string;
  /** Its file:// URL, ending in `/`; IPC is accepted only from pages under it. */
  rendererDirUrl: string;
  /** `dist/renderer/index.html`, the one page the window shows. */
  rendererIndex: string;
  rendererIndexUrl: string;
  /** The bundled, sandboxed preload, `dist/electron/preload.cjs`. */
  preload: string;
}

/** The paths of the built app under `appRoot` (a folder or, when packaged, `app.asar`). */
export function appPaths(appRoot: string): AppPaths {
  const rendererDir = path.join(appRoot, 'dist', 'renderer');
  const rendererIndex = path.join(rendererDir, 'index.html');
  return {
    rendererDir,
    rendererDirUrl: pathToFileURL(rendererDir + path.sep).href,
    rendererIndex,
    rendererIndexUrl: pathToFileURL(rendererIndex).href,
    preload: path.join(appRoot, 'dist', 'electron', 'preload.cjs'),
  };
}
