import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageDir } from '../backend/packages';

export interface ElectronStatus { available: boolean; reason?: string; binary?: string }

/** Whether the Electron desktop shell can start here, and if not, exactly what is missing. */
export function electronStatus(env: NodeJS.ProcessEnv = process.env): ElectronStatus {
  const dir = packageDir('electron');
  if (!dir) {
    return { available: false, reason: 'The electron package is not installed; run `npm install`. Until then Inception Studio runs in your browser.' };
  }
  let binary: string | undefined;
  try {
    const relative = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH || path.join(dir, 'dist'), relative);
  } catch {
    binary = undefined;
  }
  if (!binary || !existsSync(binary)) {
    return {
      available: false,
      reason:
        'The Electron binary was not downloaded (its install step needs to reach github.com). ' +
        'Run `node node_modules/electron/install.js` with internet access to fetch it; until then Inception Studio runs in your browser.',
    };
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { available: false, binary, reason: 'No display (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window can open; Inception Studio runs in your browser instead.' };
  }
  return { available: true, binary };
}
