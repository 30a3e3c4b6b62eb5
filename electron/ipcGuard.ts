/**
 * The pure checks behind the IPC boundary: who may call the service (main process) and what a
 * call must look like (preload). No Electron or Node imports: the sandboxed preload bundles this.
 */
import { API_METHODS } from '../src/contract/api';

/** What the main process knows about the frame behind an IPC call. */
export interface SenderInfo {
  /** The sending frame's URL; null when the frame has navigated away or been destroyed. */
  frameUrl: string | null;
  /** Whether the frame is its page's top-level frame (not an iframe, not detached). */
  topFrame: boolean;
  /** Whether the call came from the main window's webContents. */
  fromMainWindow: boolean;
}

/** How file URLs are compared. */
export interface FileUrlOptions {
  /** Compare paths case-insensitively (Windows file systems; Chromium also upper-cases drive letters). */
  ignoreCase?: boolean;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * Decides whether an IPC call may reach the service: it must come from the top frame of the main
 * window, showing a file:// page inside the built renderer folder.
 *
 * @example
 * checkSender({ frameUrl: 'file:///app/dist/renderer/index.html', topFrame: true, fromMainWindow: true },
 *   'file:///app/dist/renderer/'); // { ok: true }
 */
export function checkSender(sender: SenderInfo, rendererDirUrl: string, options: FileUrlOptions = {}): Verdict {
  if (sender.frameUrl === null) {
    return deny('expected a live frame, but the sending frame has navigated away or been destroyed');
  }
  if (!sender.fromMainWindow) {
    return deny(`expected a call from the Inception Studio main window, received one from another webContents showing ${sender.frameUrl}`);
  }
  if (!sender.topFrame) {
    return deny(`expected a call from the window's top frame, received one from a sub-frame (${sender.frameUrl})`);
  }
  if (!isFileUrlInside(sender.frameUrl, rendererDirUrl, options)) {
    return deny(`expected a page under ${rendererDirUrl}, received a call from ${sender.frameUrl}`);
  }
  return { ok: true };
}

/** Whether `url` is a file:// URL of a file inside the folder `folderUrl` (also a file:// URL). */
export function isFileUrlInside(url: string, folderUrl: string, options: FileUrlOptions = {}): boolean {
  const target = fileLocation(url, options);
  const folder = fileLocation(folderUrl, options);
  if (!target || !folder || target.host !== folder.host) return false;
  const prefix = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  return target.path.startsWith(prefix) && target.path.length > prefix.length;
}

/** Whether `url` shows the same file as `documentUrl` (query and fragment ignored). */
export function isSameFileUrl(url: string, documentUrl: string, options: FileUrlOptions = {}): boolean {
  const target = fileLocation(url, options);
  const document = fileLocation(documentUrl, options);
  return target !== null && document !== null && target.host === document.host && target.path === document.path;
}

/**
 * Checks one `invoke` from the renderer before it crosses IPC: `method` must be an API method and
 * `args` an array. Returns what is wrong, or null when the call is well-formed.
 */
export function invokeRequestError(method: unknown, args: unknown): string | null {
  if (typeof method !== 'string' || !(API_METHODS as readonly string[]).includes(method)) {
    return `expected a method name, one of ${API_METHODS.join(', ')}; received ${describe(method)}`;
  }
  if (!Array.isArray(args)) {
    return `expected the arguments of "${method}" as an array; received ${describe(args)}`;
  }
  return null;
}

/**
 * The host and decoded path of a file:// URL, or null for anything else. The WHATWG parser has
 * already resolved `.` and `..` segments (encoded ones too); encoded separators and NULs are
 * refused because they could change meaning once the path is decoded. Decoding makes URLs from
 * Node (`pathToFileURL`) and from Chromium compare equal even where they escape differently.
 */
function fileLocation(url: string, options: FileUrlOptions): { host: string; path: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'file:' || /%(2f|5c|00)/i.test(parsed.pathname)) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  const fold = (text: string) => (options.ignoreCase ? text.toLowerCase() : text);
  return { host: fold(parsed.host), path: fold(path) };
}

function deny(reason: string): Verdict {
  return { ok: false, reason };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${String(value)}`;
}
