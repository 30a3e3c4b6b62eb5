/**
 * IPC channel names shared by the main process and the preload.
 * This file imports nothing: the sandboxed preload bundles it and may only require 'electron'.
 */

/** Renderer → main: one service call, answered with `{ ok, result | error }`. */
export const API_CHANNEL = 'inception:api';

/** Main → renderer: a native menu command ({@link MenuCommand} in `bridge.ts`). */
export const MENU_CHANNEL = 'inception:menu';

/** Main → renderer: a training run's event ({@link RunEventMessage} in src/service/api.ts). */
export const EVENT_CHANNEL = 'inception:event';
