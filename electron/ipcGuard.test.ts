import { API_METHODS } from '../src/contract/api';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkSender, invokeRequestError, isFileUrlInside, isSameFileUrl, type SenderInfo } from './ipcGuard';
import { appPaths } from './paths';

const root = path.resolve('/opt/Inception Studio/resources/app.asar');
const paths = appPaths(root);
const page = (relative: string) => pathToFileURL(path.join(paths.rendererDir, relative)).href;
const trusted = (frameUrl: string | null): SenderInfo => ({ frameUrl, topFrame: true, fromMainWindow: true });

describe('checkSender', () => {
  it('accepts the top frame of the main window showing the built renderer', () => {
    expect(checkSender(trusted(paths.rendererIndexUrl), paths.rendererDirUrl)).toEqual({ ok: true });
    expect(checkSender(trusted(`${paths.rendererIndexUrl}#/runs?id=3`), paths.rendererDirUrl)).toEqual({ ok: true });
    expect(checkSender(trusted(page('nested/other.html')), paths.rendererDirUrl)).toEqual({ ok: true });
  });

  it('refuses a frame that is gone, another window, or a sub-frame, and says which', () => {
    const gone = checkSender(trusted(null), paths.rendererDirUrl);
    expect(gone).toMatchObject({ ok: false, reason: expect.stringContaining('navigated away or been destroyed') });
    const other = checkSender({ ...trusted(paths.rendererIndexUrl), fromMainWindow: false }, paths.rendererDirUrl);
    expect(other).toMatchObject({ ok: false, reason: expect.stringContaining('main window') });
    const sub = checkSender({ ...trusted(paths.rendererIndexUrl), topFrame: false }, paths.rendererDirUrl);
    expect(sub).toMatchObject({ ok: false, reason: expect.stringContaining('sub-frame') });
  });

  it('refuses pages outside the renderer folder, naming what was expected and what arrived', () => {
    const verdict = checkSender(trusted('https://example.com/index.html'), paths.rendererDirUrl);
    expect(verdict).toEqual({
      ok: false,
      reason: `expected a page under ${paths.rendererDirUrl}, received a call from https://example.com/index.html`,
    });
  });

  it.each([
    ['a web page', 'https://example.com/'],
    ['a local server', 'http://127.0.0.1:5173/index.html'],
    ['devtools', 'devtools://devtools/bundled/devtools_app.html'],
    ['about:blank', 'about:blank'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['not a URL', 'index.html'],
    ['the empty string', ''],
    ['a sibling folder sharing the prefix', pathToFileURL(`${paths.rendererDir}-evil/index.html`).href],
    ['the folder itself', paths.rendererDirUrl],
    ['the app root', pathToFileURL(path.join(root, 'index.html')).href],
    ['a .. traversal', `${paths.rendererDirUrl}../../../../etc/passwd`],
    ['an encoded .. traversal', `${paths.rendererDirUrl}%2e%2e/%2E%2E/secret.html`],
    ['an encoded slash', `${paths.rendererDirUrl}..%2F..%2Fsecret.html`],
    ['an encoded backslash', `${paths.rendererDirUrl}..%5C..%5Csecret.html`],
    ['an encoded NUL', `${paths.rendererDirUrl}index.html%00.png`],
    ['malformed escapes', `${paths.rendererDirUrl}%E0%A4%A.html`],
    ['another host', paths.rendererIndexUrl.replace('file:///', 'file://fileserver/')],
  ])('refuses %s', (_what, url) => {
    expect(checkSender(trusted(url), paths.rendererDirUrl).ok).toBe(false);
  });
});

describe('isFileUrlInside', () => {
  it('compares decoded paths, so different escaping of the same file matches', () => {
    const folder = 'file:///home/ada/My%20Apps/studio%7B1%7D/dist/renderer/';
    expect(isFileUrlInside('file:///home/ada/My Apps/studio{1}/dist/renderer/index.html', folder)).toBe(true);
    expect(isFileUrlInside('file://localhost/home/ada/My%20Apps/studio%7B1%7D/dist/renderer/index.html', folder)).toBe(true);
  });

  it('accepts a folder URL with or without its trailing slash', () => {
    expect(isFileUrlInside('file:///app/dist/renderer/index.html', 'file:///app/dist/renderer')).toBe(true);
    expect(isFileUrlInside('file:///app/dist/rendererX/index.html', 'file:///app/dist/renderer')).toBe(false);
  });

  it('ignores case only when asked (Windows; Chromium upper-cases drive letters)', () => {
    const folder = 'file:///c:/Program%20Files/Inception%20Studio/resources/app.asar/dist/renderer/';
    const sender = 'file:///C:/Program%20Files/Inception%20Studio/resources/app.asar/dist/renderer/index.html';
    expect(isFileUrlInside(sender, folder)).toBe(false);
    expect(isFileUrlInside(sender, folder, { ignoreCase: true })).toBe(true);
  });
});

describe('isSameFileUrl', () => {
  it('allows only the same file, whatever its query or fragment', () => {
    expect(isSameFileUrl(`${paths.rendererIndexUrl}#/designs`, paths.rendererIndexUrl)).toBe(true);
    expect(isSameFileUrl(`${paths.rendererIndexUrl}?reload=1`, paths.rendererIndexUrl)).toBe(true);
    expect(isSameFileUrl(page('other.html'), paths.rendererIndexUrl)).toBe(false);
    expect(isSameFileUrl('file:///etc/passwd', paths.rendererIndexUrl)).toBe(false);
    expect(isSameFileUrl('https://example.com/', paths.rendererIndexUrl)).toBe(false);
  });
});

describe('invokeRequestError', () => {
  it('accepts an API method with an argument array', () => {
    expect(invokeRequestError('listPresets', [])).toBeNull();
    expect(invokeRequestError('saveGraph', ['design', {}])).toBeNull();
  });

  it('refuses unknown methods, naming the known ones', () => {
    expect(invokeRequestError('deleteEverything', [])).toBe(
      `expected a method name, one of ${API_METHODS.join(', ')}; received "deleteEverything"`,
    );
    for (const method of ['constructor', '__proto__', 'toString', '', 42, null, undefined, {}]) {
      expect(invokeRequestError(method, [])).toMatch(/^expected a method name/);
    }
  });

  it('refuses arguments that are not an array', () => {
    expect(invokeRequestError('loadPreset', 'googlenet')).toBe(
      'expected the arguments of "loadPreset" as an array; received "googlenet"',
    );
    expect(invokeRequestError('loadPreset', { 0: 'googlenet', length: 1 })).toMatch(/received an object$/);
    expect(invokeRequestError('loadPreset', undefined)).toMatch(/received undefined$/);
  });
});
