import { useCallback, useEffect, useRef, useState } from 'react';
import { emptyGraph } from '../../src/graph/ops';
import type { DesignFile, GraphDoc, ImportModelOptions } from '../../src/service/api';
import type { ApiClient } from '../api/client';
import { suggestName } from '../dialogs/SaveAsDialog';
import { IMPORT_TOPIC, useProblems } from '../state/problemsStore';
import { presetTitle } from '../state/presetTitles';
import { useHost } from '../state/hostStore';
import { selectDirty, useEditor } from '../state/designStore';
import { nameFromFile, UNTITLED } from './designName';
import { importedMessage } from './importNotes';

/** A file dialog the renderer draws itself (browser mode has no native ones). */
export type FileDialog =
  | { type: 'open'; designs: DesignFile[] | null }
  | { type: 'saveAs'; suggested: string }
  /** `failure`: why the last import from this dialog failed, shown in it. */
  | { type: 'import'; failure?: string }
  | { type: 'confirm'; message: string; action: string; proceed(): void };

export interface FileCommands {
  newDesign(): void;
  open(): void;
  save(): void;
  saveAs(): void;
  /** File ▸ Import…: asks for an ONNX or TF.js model's path and what the file may not say. */
  startImport(): void;
  /** Imports a model through the service (stored as a finished run) and shows its design on the canvas. */
  importFrom(path: string, options?: ImportModelOptions): Promise<void>;
  loadPreset(name: string, options?: { force?: boolean }): void;
  /** Opens a design the app already has (a run's), asking first if that would drop unsaved changes; `then` runs once it is open. */
  openDoc(doc: GraphDoc, what: string, then?: () => void): void;
  /** Opens a design by path (from the Open dialog). */
  openFile(path: string): Promise<void>;
  /** Saves under a name or path (from the Save As dialog). */
  saveTo(path: string): Promise<void>;
  dialog: FileDialog | null;
  closeDialog(): void;
  /** True while a preset or file loads. */
  loading: boolean;
}

const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/**
 * New, Open, Save, Save As and presets through the service API. In Electron (`nativeDialogs`) Open and
 * Save As use the host's dialogs; in browser mode the renderer lists the workspace's designs and asks
 * for a name. Commands that would drop unsaved changes ask first.
 * @param report shows a failure to the user
 */
export function useFileCommands(api: ApiClient, nativeDialogs: boolean, report: (what: string, error: unknown) => void): FileCommands {
  const [dialog, setDialog] = useState<FileDialog | null>(null);
  const [loading, setLoading] = useState(false);
  const latestLoad = useRef(0);
  const closeDialog = useCallback(() => setDialog(null), []);
  const dialogNow = useRef(dialog);
  useEffect(() => {
    dialogNow.current = dialog;
  }, [dialog]);

  /** Runs `proceed` now, or after the user agrees to lose unsaved changes. */
  const guard = useCallback((what: string, proceed: () => void) => {
    const state = useEditor.getState();
    if (!selectDirty(state)) {
      proceed();
      return;
    }
    setDialog({
      type: 'confirm',
      message: `“${state.doc?.name}” has unsaved changes. ${what} anyway and lose them?`,
      action: 'Discard changes',
      proceed: () => {
        setDialog(null);
        api.clearAutosave().catch(() => undefined);
        proceed();
      },
    });
  }, [api]);

  /** Loads a design with a ticket, so only the latest of overlapping loads is shown. */
  const load = useCallback(async (what: string, fetch: () => Promise<void>) => {
    const ticket = ++latestLoad.current;
    setLoading(true);
    try {
      await fetch();
    } catch (error) {
      if (ticket === latestLoad.current) report(what, error);
    } finally {
      if (ticket === latestLoad.current) setLoading(false);
    }
  }, [report]);

  const loadPreset = useCallback((name: string, { force = false } = {}) => {
    const run = () => void load(`Could not load the preset "${presetTitle(name, useHost.getState().presets)}"`, async () => {
      const ticket = latestLoad.current;
      const doc = await api.loadPreset(name);
      if (ticket === latestLoad.current) useEditor.getState().openDoc(doc, { presetName: name });
    });
    if (force) run();
    else guard(`Load the preset ${presetTitle(name, useHost.getState().presets)}`, run);
  }, [api, guard, load]);

  const openFile = useCallback((path: string) => load(`Could not open ${path}`, async () => {
    const ticket = latestLoad.current;
    const opened = await api.openGraph(path);
    if (ticket !== latestLoad.current) return;
    useEditor.getState().openDoc(opened.graph, { path: opened.path });
    setDialog(null);
  }), [api, load]);

  const saveTo = useCallback(async (path: string) => {
    const untitled = useEditor.getState().doc;
    const named = untitled && nameFromFile(untitled.name, path);
    if (named) useEditor.getState().rename(named);
    const { doc, markSaved, say } = useEditor.getState();
    if (!doc) return;
    try {
      const written = await api.saveGraph(path, doc);
      markSaved(doc, written.path);
      setDialog(null);
      say(`Saved ${fileName(written.path)}`);
      api.clearAutosave().catch(() => undefined);
    } catch (error) {
      report('Could not save the design', error);
    }
  }, [api, report]);

  const saveAs = useCallback(() => {
    const doc = useEditor.getState().doc;
    if (!doc) return;
    const suggested = suggestName(doc.name);
    if (!nativeDialogs) {
      setDialog({ type: 'saveAs', suggested });
      return;
    }
    api.pickPath('save', `${suggested}.json`).then(
      (path) => { if (path) void saveTo(path); },
      (error) => report('Could not show the save dialog', error),
    );
  }, [api, nativeDialogs, report, saveTo]);

  const save = useCallback(() => {
    const { filePath } = useEditor.getState();
    if (filePath) void saveTo(filePath);
    else saveAs();
  }, [saveAs, saveTo]);

  const open = useCallback(() => guard('Open another design', () => {
    if (nativeDialogs) {
      api.pickPath('open').then(
        (path) => { if (path) void openFile(path); },
        (error) => report('Could not show the open dialog', error),
      );
      return;
    }
    setDialog({ type: 'open', designs: null });
    api.listDesigns().then(
      (designs) => setDialog((d) => (d?.type === 'open' ? { type: 'open', designs } : d)),
      (error) => {
        setDialog(null);
        report('Could not list the saved designs', error);
      },
    );
  }), [api, guard, nativeDialogs, openFile, report]);

  const newDesign = useCallback(() => guard('Start a new design', () => {
    latestLoad.current++;
    setLoading(false);
    useEditor.getState().openDoc(emptyGraph(UNTITLED));
  }), [guard]);

  const openDoc = useCallback((doc: GraphDoc, what: string, then?: () => void) => guard(what, () => {
    latestLoad.current++;
    setLoading(false);
    useEditor.getState().openDoc(doc);
    then?.();
  }), [guard]);

  const startImport = useCallback(() => guard('Import a model', () => setDialog({ type: 'import' })), [guard]);

  const importFrom = useCallback(async (path: string, options: ImportModelOptions = {}) => {
    const ticket = ++latestLoad.current;
    setLoading(true);
    try {
      const imported = await api.importModel(path, options);
      if (ticket !== latestLoad.current) return;
      useEditor.getState().openDoc(imported.graph);
      setDialog(null);
      useProblems.getState().resolved(IMPORT_TOPIC);
      useEditor.getState().say(importedMessage(fileName(path), imported.run.id, imported.trainableParams, imported.notes));
    } catch (error) {
      if (ticket !== latestLoad.current) return;
      // Said in the dialog when it is open (where the user is looking), else in the window's banner.
      const failure = `Could not import ${fileName(path)}: ${(error instanceof Error ? error.message : String(error)).replace(/^cannot import: /, '')}`;
      if (dialogNow.current?.type === 'import') setDialog({ type: 'import', failure });
      else useProblems.getState().report(`Could not import ${path}`, error, IMPORT_TOPIC);
    } finally {
      if (ticket === latestLoad.current) setLoading(false);
    }
  }, [api]);

  return { newDesign, open, save, saveAs, startImport, importFrom, loadPreset, openDoc, openFile, saveTo, dialog, closeDialog, loading };
}
