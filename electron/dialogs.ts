import path from 'node:path';
import { dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { IMAGE_EXTENSIONS } from '../src/data/formats';

const DESIGN_FILTERS = [{ name: 'Inception Studio design', extensions: ['json'] }];
const MODEL_FILTERS = [{ name: 'ONNX model or TF.js model.json', extensions: ['onnx', 'json'] }];

export interface PickPathOptions {
  /** The window the dialog belongs to; null shows it unparented. */
  parent: () => BrowserWindow | null;
  /** The folder the dialog starts in (the workspace's designs folder); undefined for the OS default. */
  startFolder: () => Promise<string | undefined>;
}

/** The service's `pickPath`: native dialogs for design files, image folders and models to import; null when cancelled. */
export function createPickPath(options: PickPathOptions) {
  return async (mode: 'open' | 'save' | 'folder' | 'model', suggestedName?: string): Promise<string | null> => {
    const folder = await options.startFolder().catch(() => undefined);
    const parent = options.parent();
    if (mode === 'folder') {
      const settings: OpenDialogOptions = { title: 'Choose an image folder (one sub-folder per class)', properties: ['openDirectory'] };
      const picked = parent ? await dialog.showOpenDialog(parent, settings) : await dialog.showOpenDialog(settings);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    }
    if (mode === 'model') {
      const settings: OpenDialogOptions = { title: 'Import a model', properties: ['openFile'], filters: MODEL_FILTERS };
      const picked = parent ? await dialog.showOpenDialog(parent, settings) : await dialog.showOpenDialog(settings);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    }
    if (mode === 'open') {
      const settings: OpenDialogOptions = {
        title: 'Open design',
        defaultPath: folder,
        properties: ['openFile'],
        filters: DESIGN_FILTERS,
      };
      const picked = parent ? await dialog.showOpenDialog(parent, settings) : await dialog.showOpenDialog(settings);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    }
    const name = designFileName(suggestedName);
    const settings: SaveDialogOptions = {
      title: 'Save design',
      defaultPath: folder ? path.join(folder, name) : name,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
      filters: DESIGN_FILTERS,
    };
    const picked = parent ? await dialog.showSaveDialog(parent, settings) : await dialog.showSaveDialog(settings);
    return picked.canceled || !picked.filePath ? null : picked.filePath;
  };
}

/** The service's `pickImages`: a native dialog choosing any number of images; null when cancelled. */
export function createPickImages(parent: () => BrowserWindow | null) {
  return async (): Promise<string[] | null> => {
    const settings: OpenDialogOptions = {
      title: 'Choose images to try the model on',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'Images', extensions: [...IMAGE_EXTENSIONS].map((ext) => ext.replace(/^\./, '')) }],
    };
    const window = parent();
    const picked = window ? await dialog.showOpenDialog(window, settings) : await dialog.showOpenDialog(settings);
    return picked.canceled || picked.filePaths.length === 0 ? null : picked.filePaths;
  };
}

/** A bare file name ending in .json from the renderer's suggestion (which may hold a path). */
function designFileName(suggested: string | undefined): string {
  const base = path.basename((suggested ?? '').replaceAll('\\', '/')).trim() || 'design';
  return base.toLowerCase().endsWith('.json') ? base : `${base}.json`;
}
