/**
 * The native menu, as a template (main.ts builds and installs it). Only type imports from
 * Electron, so the template can be tested without it.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { PresetInfo } from '../src/service/api';
import type { MenuCommand } from './bridge';

/** What the menu needs to know and do. */
export interface MenuOptions {
  /** `process.platform`; macOS gets the app menu and keeps Quit there. */
  platform: NodeJS.Platform;
  appName: string;
  /** `app.isPackaged`; reload and the developer tools appear only when false. */
  packaged: boolean;
  /** The presets offered under File ▸ Presets, from `service.listPresets()`. */
  presets: readonly PresetInfo[];
  /** Sends a command to the renderer, which decides what to do with it. */
  send: (command: MenuCommand) => void;
  showAbout: () => void;
}

/** The application menu: File, Edit, View, (Window on macOS), Help. */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  // '&' marks an Alt-key mnemonic on Windows and Linux; macOS has none.
  const text = (label: string) => (mac ? label.replaceAll('&', '') : label);
  const command = (label: string, accelerator: string, sent: MenuCommand): MenuItemConstructorOptions => ({
    label: text(label),
    accelerator,
    click: () => options.send(sent),
  });
  const presets: MenuItemConstructorOptions[] = options.presets.length > 0
    ? options.presets.map((preset) => ({
      label: preset.title,
      toolTip: preset.description,
      click: () => options.send({ action: 'preset', preset: preset.name }),
    }))
    : [{ label: 'No presets available', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: text('&File'),
    submenu: [
      command('&New', 'CmdOrCtrl+N', { action: 'new' }),
      command('&Open…', 'CmdOrCtrl+O', { action: 'open' }),
      { type: 'separator' },
      command('&Save', 'CmdOrCtrl+S', { action: 'save' }),
      command('Save &As…', 'CmdOrCtrl+Shift+S', { action: 'saveAs' }),
      { type: 'separator' },
      command('&Import…', 'CmdOrCtrl+I', { action: 'import' }),
      { type: 'separator' },
      { label: text('&Presets'), submenu: presets },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: text('&Edit'),
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const developer: MenuItemConstructorOptions[] = options.packaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  const view: MenuItemConstructorOptions = {
    label: text('&View'),
    submenu: [
      ...developer,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: text('&Help'),
    submenu: [{ label: text(`&About ${options.appName}`), click: () => options.showAbout() }],
  };
  if (!mac) return [file, edit, view, help];
  const appMenu: MenuItemConstructorOptions = {
    label: options.appName,
    submenu: [
      { label: `About ${options.appName}`, click: () => options.showAbout() },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  return [appMenu, file, edit, view, { role: 'windowMenu' }, help];
}
