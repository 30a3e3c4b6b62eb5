import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from './bridge';
import { menuTemplate, type MenuOptions } from './menu';

const presets = [
  { name: 'googlenet-96', title: 'GoogLeNet 96', description: 'The seed network.' },
  { name: 'small-cnn', title: 'Small CNN', description: 'Two conv blocks.' },
];

function build(overrides: Partial<MenuOptions> = {}) {
  const sent: MenuCommand[] = [];
  const about = { shown: 0 };
  const template = menuTemplate({
    platform: 'linux',
    appName: 'Inception Studio',
    packaged: true,
    presets,
    send: (command) => sent.push(command),
    showAbout: () => {
      about.shown += 1;
    },
    ...overrides,
  });
  return { template, sent, about };
}

const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const top = (template: MenuItemConstructorOptions[], label: string) =>
  template.find((item) => item.label?.replaceAll('&', '') === label);
const find = (items: MenuItemConstructorOptions[], label: string) =>
  items.find((item) => item.label?.replaceAll('&', '') === label);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as () => void)();
const roles = (items: MenuItemConstructorOptions[]) => items.map((item) => item.role).filter(Boolean);

describe('menuTemplate', () => {
  it('sends each File command to the renderer, with its accelerator', () => {
    const { template, sent } = build();
    const file = submenu(top(template, 'File'));
    const expected: [string, string, MenuCommand][] = [
      ['New', 'CmdOrCtrl+N', { action: 'new' }],
      ['Open…', 'CmdOrCtrl+O', { action: 'open' }],
      ['Save', 'CmdOrCtrl+S', { action: 'save' }],
      ['Save As…', 'CmdOrCtrl+Shift+S', { action: 'saveAs' }],
      ['Import…', 'CmdOrCtrl+I', { action: 'import' }],
    ];
    for (const [label, accelerator, command] of expected) {
      const item = find(file, label);
      expect(item?.accelerator).toBe(accelerator);
      click(item);
      expect(sent.at(-1)).toEqual(command);
    }
  });

  it('lists one Presets item per preset, sending its name', () => {
    const { template, sent } = build();
    const items = submenu(find(submenu(top(template, 'File')), 'Presets'));
    expect(items.map((item) => item.label)).toEqual(['GoogLeNet 96', 'Small CNN']);
    click(items[1]);
    expect(sent).toEqual([{ action: 'preset', preset: 'small-cnn' }]);
  });

  it('shows a disabled placeholder when there are no presets', () => {
    const { template } = build({ presets: [] });
    expect(submenu(find(submenu(top(template, 'File')), 'Presets'))).toEqual([{ label: 'No presets available', enabled: false }]);
  });

  it('hides reload and the developer tools in a packaged app', () => {
    const packaged = roles(submenu(top(build({ packaged: true }).template, 'View')));
    expect(packaged).not.toContain('reload');
    expect(packaged).not.toContain('toggleDevTools');
    expect(packaged).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut']));
    const dev = roles(submenu(top(build({ packaged: false }).template, 'View')));
    expect(dev).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('puts Quit in File on Linux and Windows, and in the app menu on macOS', () => {
    const linux = build().template;
    expect(linux.map((item) => item.label?.replaceAll('&', ''))).toEqual(['File', 'Edit', 'View', 'Help']);
    expect(roles(submenu(top(linux, 'File')))).toContain('quit');
    const mac = build({ platform: 'darwin' }).template;
    expect(mac[0].label).toBe('Inception Studio');
    expect(roles(submenu(mac[0]))).toContain('quit');
    expect(roles(submenu(top(mac, 'File')))).not.toContain('quit');
  });

  it('marks Alt mnemonics on Linux and Windows only', () => {
    expect(build({ platform: 'win32' }).template.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    const mac = build({ platform: 'darwin' }).template;
    const labels = mac.flatMap((item) => [item.label, ...submenu(item).map((sub) => sub.label)]).filter(Boolean);
    expect(labels.some((label) => label?.includes('&'))).toBe(false);
  });

  it('offers the edit roles and Help ▸ About', () => {
    const { template, sent, about } = build();
    expect(roles(submenu(top(template, 'Edit')))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    click(find(submenu(top(template, 'Help')), 'About Inception Studio'));
    expect(about.shown).toBe(1);
    expect(sent).toEqual([]);
  });
});
