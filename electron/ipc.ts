import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { InceptionApi } from '../src/service/api';
import { dispatch } from '../src/service/dispatch';
import { ERROR_CODES } from '../src/service/errors';
import type { HostReply } from './bridge';
import { API_CHANNEL } from './channels';
import { checkSender, type FileUrlOptions, type SenderInfo } from './ipcGuard';

/** Who may call the service over IPC. */
export interface IpcTrust extends FileUrlOptions {
  /** The built renderer folder's file:// URL; calls from pages elsewhere are refused. */
  rendererDirUrl: string;
  /** The main window, whose top frame alone may call; null while there is none. */
  mainWindow: () => BrowserWindow | null;
}

/** Serves the API on {@link API_CHANNEL}, checking the sender of every call before dispatching it. */
export function handleApiCalls(service: InceptionApi, trust: IpcTrust): void {
  ipcMain.handle(API_CHANNEL, (event, method: unknown, args: unknown): Promise<HostReply> | HostReply => {
    const verdict = checkSender(describeSender(event, trust.mainWindow()), trust.rendererDirUrl, trust);
    if (!verdict.ok) {
      console.warn(`Refused an IPC call: ${verdict.reason}`);
      return { ok: false, error: { code: ERROR_CODES.FORBIDDEN, message: `Refused: ${verdict.reason}.` } };
    }
    return dispatch(service, method, args);
  });
}

function describeSender(event: IpcMainInvokeEvent, window: BrowserWindow | null): SenderInfo {
  const frame = event.senderFrame;
  const contents = window && !window.isDestroyed() ? window.webContents : null;
  const fromMainWindow = contents !== null && !contents.isDestroyed() && event.sender === contents;
  return {
    frameUrl: frame ? frame.url : null,
    topFrame: frame !== null && fromMainWindow && !frame.detached && frame.parent === null
      && frame.frameTreeNodeId === contents.mainFrame.frameTreeNodeId,
    fromMainWindow,
  };
}
