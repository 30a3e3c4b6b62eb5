/** What `electronStatus()` found. */
export interface ElectronStatus {
  /** Whether `npm start` can open the desktop app here. */
  available: boolean;
  /** Why not: what is missing and what to do about it; absent when available. */
  reason?: string;
  /** The Electron executable, where one was located. */
  binary?: string;
}

export interface ElectronStatusOptions {
  /** The environment to read DISPLAY, WAYLAND_DISPLAY and ELECTRON_OVERRIDE_DIST_PATH from; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
  /** `process.platform` by default. */
  platform?: NodeJS.Platform;
  /** The installed `electron` package's folder, or null for not installed; resolved from this module by default. */
  electronDir?: string | null;
  /** The user id (root is refused on Linux); `process.getuid()` by default. */
  uid?: number;
}

/** Whether the Electron desktop shell can start here, and if not, exactly what is missing. */
export function electronStatus(options?: ElectronStatusOptions): ElectronStatus;
