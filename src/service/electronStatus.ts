import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageDir } from '../backend/packages';

const BROWSER_FALLBACK = 'until then Inception Studio runs in your browser.';

export interface ElectronStatus { available: boolean; reason?: string; binary?: string }

export interface ElectronStatusOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The electron package folder; null when it is not installed (tests), found by resolution when omitted. */
  electronDir?: string | null;
  uid?: number;
}

/**
 * Whether the Electron desktop shell can start on this machine, and if not, exactly what is missing
 * and what to do. `npm start` uses it to choose between Electron and browser mode.
 */
export function electronStatus(options: ElectronStatusOptions = {}): ElectronStatus {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const dir = options.electronDir === undefined ? packageDir('electron') : options.electronDir;
  if (!dir) {
    return {
      available: false,
      reason: 'The `electron` package is not installed (npm skipped dev dependencies?). '
        + `Run \`npm install\` in the project folder to add it; ${BROWSER_FALLBACK}`,
    };
  }

  const pathFile = path.join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    // As node_modules/electron/index.js does: the override folder plus path.txt's name, or 'electron'.
    const binary = path.join(override, relative || 'electron');
    if (!existsSync(binary)) {
      return {
        available: false,
        binary,
        reason: `ELECTRON_OVERRIDE_DIST_PATH is set to ${override}, but ${binary} does not exist. `
          + `Point it at a folder holding the Electron binary, or unset it; ${BROWSER_FALLBACK}`,
      };
    }
    return displayStatus(binary, env, platform, options.uid);
  }
  if (!relative) {
    return {
      available: false,
      reason: 'The Electron binary was not downloaded (npm could not reach github.com during install, '
        + 'or install scripts were skipped). Run `node node_modules/electron/install.js` with internet '
        + `access to fetch it; ${BROWSER_FALLBACK}`,
    };
  }
  const binary = path.join(dir, 'dist', relative);
  if (!existsSync(binary)) {
    return {
      available: false,
      binary,
      reason: `The Electron binary is missing: node_modules/electron/path.txt names ${binary}, which does not exist. `
        + `Run \`node node_modules/electron/install.js\` with internet access to fetch it again; ${BROWSER_FALLBACK}`,
    };
  }
  return displayStatus(binary, env, platform, options.uid);
}

/** On Linux and the BSDs a window needs an X11 or Wayland display, and Chromium's sandbox a non-root user. */
function displayStatus(binary: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform, uid: number | undefined): ElectronStatus {
  if (platform === 'win32' || platform === 'darwin') return { available: true, binary };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return {
      available: false,
      binary,
      reason: 'No display: neither DISPLAY nor WAYLAND_DISPLAY is set (a server, a container, or SSH without '
        + 'X forwarding?), so no window can open. Run from a desktop session to get the desktop app; '
        + 'meanwhile Inception Studio runs in your browser.',
    };
  }
  const user = uid ?? process.getuid?.();
  if (user === 0) {
    return {
      available: false,
      binary,
      reason: 'Running as root: Electron refuses to start as root with its sandbox on, and Inception Studio keeps '
        + 'the sandbox on. Run as a normal user to get the desktop app; meanwhile Inception Studio runs in your browser.',
    };
  }
  return { available: true, binary };
}
