/**
 * Types of the bridge the preload exposes as `window.inceptionHost` (types only, no runtime code),
 * so the renderer can `import type` them without pulling in Electron.
 */
import type { ApiMethod, ApiReply, ClassifyEventMessage, RunEventMessage } from '../src/service/api';

/** What a native menu item asks the renderer to do; the renderer decides how. */
export type MenuAction = 'new' | 'open' | 'save' | 'saveAs' | 'import' | 'preset';

/** The payload of one menu command. */
export interface MenuCommand {
  action: MenuAction;
  /** The preset's name (as `listPresets()` reports it); only with `action: 'preset'`. */
  preset?: string;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The reply to one `invoke`: an {@link ApiReply} without the request id (IPC pairs calls itself). */
export type HostReply = WithoutId<ApiReply>;

/**
 * `window.inceptionHost` in the Electron renderer; absent in browser mode.
 *
 * @example
 * const reply = await window.inceptionHost.invoke('listPresets', []);
 * if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
 */
export interface InceptionHostBridge {
  readonly host: 'electron';
  /**
   * Calls one service method. Resolves with the service's reply (errors included, as
   * `{ ok: false }`); rejects only when `method` is not an API method or `args` is not an array.
   */
  invoke(method: ApiMethod, args: unknown[]): Promise<HostReply>;
  /** Subscribes to native menu commands; returns the function that unsubscribes. */
  onMenu(listener: (command: MenuCommand) => void): () => void;
  /** Subscribes to run and folder-classification events (what browser mode pushes as `{ event: 'run' | 'classify', data }`). */
  onEvent(listener: (event: { event: 'run'; data: RunEventMessage } | { event: 'classify'; data: ClassifyEventMessage }) => void): () => void;
  /**
   * Runs `listener` when the window is about to close or the app to quit; the window waits (a few seconds
   * at most) until the promise it returns settles. Returns the function that unsubscribes.
   */
  onBeforeClose(listener: () => Promise<void> | void): () => void;
}
