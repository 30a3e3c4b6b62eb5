import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronStatus } from './electronStatus';

let dir: string;
const desktop = { DISPLAY: ':0' };

function installBinary(relative = 'electron', distRoot = path.join(dir, 'dist')) {
  writeFileSync(path.join(dir, 'path.txt'), relative);
  const binary = path.join(distRoot, relative);
  mkdirSync(path.dirname(binary), { recursive: true });
  writeFileSync(binary, '#!/bin/sh\n');
  chmodSync(binary, 0o755);
  return binary;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'electron-pkg-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('electronStatus', () => {
  it('is available with an installed binary and a display', () => {
    const binary = installBinary();
    expect(electronStatus({ electronDir: dir, env: desktop, platform: 'linux', uid: 1000 })).toEqual({ available: true, binary });
  });

  it('says how to install the package when it is missing', () => {
    const status = electronStatus({ electronDir: null, env: desktop, platform: 'linux', uid: 1000 });
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/`electron` package is not installed.*npm install.*runs in your browser/);
  });

  it('says how to fetch the binary when the download never happened', () => {
    const status = electronStatus({ electronDir: dir, env: desktop, platform: 'linux', uid: 1000 });
    expect(status).toEqual({
      available: false,
      reason: expect.stringContaining('Run `node node_modules/electron/install.js` with internet access'),
    });
    expect(status.reason).toContain('github.com');
  });

  it('names the missing file when path.txt points nowhere', () => {
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    const status = electronStatus({ electronDir: dir, env: desktop, platform: 'linux', uid: 1000 });
    expect(status.available).toBe(false);
    expect(status.reason).toContain(path.join(dir, 'dist', 'electron'));
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH, with or without path.txt', () => {
    const override = path.join(dir, 'custom');
    const binary = installBinary('electron', override);
    const env = { ...desktop, ELECTRON_OVERRIDE_DIST_PATH: override };
    expect(electronStatus({ electronDir: dir, env, platform: 'linux', uid: 1000 })).toEqual({ available: true, binary });
    rmSync(path.join(dir, 'path.txt'));
    expect(electronStatus({ electronDir: dir, env, platform: 'linux', uid: 1000 })).toEqual({ available: true, binary });
    const missing = electronStatus({ electronDir: dir, env: { ...env, ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'nope') }, platform: 'linux', uid: 1000 });
    expect(missing.available).toBe(false);
    expect(missing.reason).toMatch(/^ELECTRON_OVERRIDE_DIST_PATH is set to .*nope, but .* does not exist/);
  });

  it('needs DISPLAY or WAYLAND_DISPLAY on Linux, but not on macOS or Windows', () => {
    const binary = installBinary();
    const headless = electronStatus({ electronDir: dir, env: {}, platform: 'linux', uid: 1000 });
    expect(headless).toMatchObject({ available: false, binary });
    expect(headless.reason).toMatch(/neither DISPLAY nor WAYLAND_DISPLAY is set/);
    expect(electronStatus({ electronDir: dir, env: { WAYLAND_DISPLAY: 'wayland-0' }, platform: 'linux', uid: 1000 }).available).toBe(true);
    expect(electronStatus({ electronDir: dir, env: {}, platform: 'darwin' }).available).toBe(true);
    expect(electronStatus({ electronDir: dir, env: {}, platform: 'win32' }).available).toBe(true);
  });

  it('refuses root on Linux, where Chromium will not start with its sandbox', () => {
    installBinary();
    const status = electronStatus({ electronDir: dir, env: desktop, platform: 'linux', uid: 0 });
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/^Running as root/);
  });

  it('finds the real package in this checkout', () => {
    const status = electronStatus({ env: desktop, platform: 'linux', uid: 1000 });
    expect(typeof status.available).toBe('boolean');
    if (!status.available) expect(status.reason).toMatch(/runs in your browser/);
  });
});
