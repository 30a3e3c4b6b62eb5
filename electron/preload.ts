/**
 * The preload: exposes `window.inceptionHost` ({@link InceptionHostBridge}) and nothing else.
 * It runs sandboxed, so its bundle may only require 'electron'; `ipcGuard` and `api` have no
 * runtime imports.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { RunEventMessage } from '../src/service/api';
import type { InceptionHostBridge, MenuCommand } from './bridge';
import { API_CHANNEL, EVENT_CHANNEL, MENU_CHANNEL } from './channels';
import { invokeRequestError } from './ipcGuard';

const bridge: InceptionHostBridge = {
  host: 'electron',
  invoke(method, args) {
    const problem = invokeRequestError(method, args);
    if (problem !== null) return Promise.reject(new TypeError(`inceptionHost.invoke: ${problem}`));
    return ipcRenderer.invoke(API_CHANNEL, method, args);
  },
  onMenu(listener) {
    if (typeof listener !== 'function') {
      throw new TypeError(`inceptionHost.onMenu: expected a function, received ${typeof listener}`);
    }
    // Only the payload crosses: the IPC event would hand the page `ipcRenderer` itself.
    const relay = (_event: IpcRendererEvent, command: MenuCommand) => listener(command);
    ipcRenderer.on(MENU_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(MENU_CHANNEL, relay);
    };
  },
  onEvent(listener) {
    if (typeof listener !== 'function') {
      throw new TypeError(`inceptionHost.onEvent: expected a function, received ${typeof listener}`);
    }
    const relay = (_event: IpcRendererEvent, data: RunEventMessage) => listener({ event: 'run', data });
    ipcRenderer.on(EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld('inceptionHost', bridge);
