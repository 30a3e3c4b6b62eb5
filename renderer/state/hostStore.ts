import { create } from 'zustand';
import type { EnginesReport, HostInfo, PresetInfo } from '../../src/service/api';

/** What the host said about itself at start: engines, dialogs, presets. Set by App, read anywhere. */
export interface HostState {
  /** Null while loading; an Error when the host could not say. */
  engines: EnginesReport | Error | null;
  info: HostInfo | null;
  presets: readonly PresetInfo[];
  setEngines(engines: EnginesReport | Error): void;
  setInfo(info: HostInfo): void;
  setPresets(presets: readonly PresetInfo[]): void;
}

export const useHost = create<HostState>()((set) => ({
  engines: null,
  info: null,
  presets: [],
  setEngines: (engines) => set({ engines }),
  setInfo: (info) => set({ info }),
  setPresets: (presets) => set({ presets }),
}));

/** True where the host shows native dialogs (Electron); browser mode uses the host's folder browser. */
export const selectNativeDialogs = (s: HostState): boolean => s.info?.nativeDialogs ?? false;
