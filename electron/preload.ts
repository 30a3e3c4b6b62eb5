/**
 * The preload: exposes `window.inceptionHost` ({@link InceptionHostBridge}) and nothing else.
 * It runs sandboxed, so its bundle may only require 'electron': `ipcGuard` brings the contract's API
 * table (src/contract/api.ts, with zod) into the bundle rather than requiring it.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ClassifyEventMessage, RunEventMessage } from '../src/service/api';
import type { InceptionHostBridge, MenuCommand } from './bridge';
import { API_CHANNEL, BEFORE_CLOSE_CHANNEL, CLASSIFY_EVENT_CHANNEL, EVENT_CHANNEL, MENU_CHANNEL, READY_TO_CLOSE_CHANNEL } from './channels';
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
    const relayClassify = (_event: IpcRendererEvent, data: ClassifyEventMessage) => listener({ event: 'classify', data });
    ipcRenderer.on(EVENT_CHANNEL, relay);
    ipcRenderer.on(CLASSIFY_EVENT_CHANNEL, relayClassify);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, relay);
      ipcRenderer.removeListener(CLASSIFY_EVENT_CHANNEL, relayClassify);
    };
  },
  onBeforeClose(listener) {
    if (typeof listener !== 'function') {
      throw new TypeError(`inceptionHost.onBeforeClose: expected a function, received ${typeof listener}`);
    }
    const relay = (_event: IpcRendererEvent, id: unknown) => {
      // Whatever the listener does, the main process hears back, so the window is never held for long.
      void Promise.resolve()
        .then(() => listener())
        .catch((error: unknown) => console.error('Saving before the window closes failed:', error))
        .finally(() => ipcRenderer.send(READY_TO_CLOSE_CHANNEL, id));
    };
    ipcRenderer.on(BEFORE_CLOSE_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(BEFORE_CLOSE_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld('inceptionHost', bridge);
