/**
 * IPC channel names shared by the main process and the preload.
 * This file imports nothing: the sandboxed preload bundles it and may only require 'electron'.
 */

/** Renderer → main: one service call, answered with `{ ok, result | error }`. */
export const API_CHANNEL = 'inception:api';

/** Main → renderer: a native menu command ({@link MenuCommand} in `bridge.ts`). */
export const MENU_CHANNEL = 'inception:menu';

/** Main → renderer: a training run's event ({@link RunEventMessage} in src/contract/apiTypes.ts). */
export const EVENT_CHANNEL = 'inception:event';

/** Main → renderer: a folder classification's progress ({@link ClassifyEventMessage} in src/contract/classification.ts). */
export const CLASSIFY_EVENT_CHANNEL = 'inception:classify-event';

/** Main → renderer: the window is about to close; save what must be saved, then answer (with the same id). */
export const BEFORE_CLOSE_CHANNEL = 'inception:before-close';

/** Renderer → main: the page has saved after {@link BEFORE_CLOSE_CHANNEL} (payload: that request's id). */
export const READY_TO_CLOSE_CHANNEL = 'inception:ready-to-close';
