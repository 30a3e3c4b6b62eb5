import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { persisted } from './persisted';
import { defaultSettings, type TrainSettings } from './trainSettings';

/** Where and how to train: the user's choice of machine, not an option a preset recommends. */
const ENGINE_CHOICES = ['engine', 'backend', 'torchDevice', 'torchPrecision', 'torchProcesses'] as const satisfies readonly (keyof TrainSettings)[];
const isEngineChoice = (key: keyof TrainSettings): boolean => (ENGINE_CHOICES as readonly string[]).includes(key);
const engineChoices = (settings: TrainSettings): Partial<TrainSettings> =>
  Object.fromEntries(ENGINE_CHOICES.map((key) => [key, settings[key]]));

/** Fine-tuning: the finished run (or imported model) whose weights a new run starts from. */
export interface StartFrom {
  run: string;
  /** The run's name as the Runs screen shows it. */
  name: string;
  /** Its classes in output order, where known; a folder with other classes gets a new head. */
  classes: readonly string[] | null;
  /** The editor's `openCount` of the design it was set up for: opening another design ends fine-tuning. */
  design: number;
}

export interface TrainSettingsState {
  settings: TrainSettings;
  /** The weights the next run starts from; null trains from scratch. */
  init: StartFrom | null;
  /** The preset whose defaults the settings started from; null for the generic ones. */
  defaultsOf: string | null;
  /** True once the user changed an option (not the engine), so a newly opened preset does not overwrite their choices. */
  touched: boolean;
  setSetting<K extends keyof TrainSettings>(key: K, value: TrainSettings[K]): void;
  /** Starts the next runs from a run's weights ("Fine-tune on a folder…"), or from scratch again (null). */
  setInit(init: StartFrom | null): void;
  /** Starts again from a preset's defaults, keeping the chosen engine and device. */
  applyDefaults(preset: string | null): void;
  /**
   * The sample folder was chosen: the Small CNN's untouched defaults get the learning rate that suits it
   * (0.005: about 0.89 validation accuracy in 10 epochs, against 0.77 at 0.001).
   */
  suitSample(): void;
}

/** The Small CNN's learning rate on the sample folder of shapes. */
export const SAMPLE_LR = 0.005;

/** The Train screen's options; they and the engine chosen survive a reload. */
export const useTrainSettings = create<TrainSettingsState>()(persist((set, get) => ({
  settings: defaultSettings(null),
  init: null,
  defaultsOf: null,
  touched: false,
  setSetting: (key, value) => set({ settings: { ...get().settings, [key]: value }, ...(isEngineChoice(key) ? {} : { touched: true }) }),
  setInit: (init) => set({ init }),
  applyDefaults: (preset) => set({ settings: { ...defaultSettings(preset), ...engineChoices(get().settings) }, defaultsOf: preset, touched: false }),
  suitSample: () => {
    const { touched, defaultsOf, settings } = get();
    if (!touched && defaultsOf === 'small-cnn') set({ settings: { ...settings, lr: SAMPLE_LR } });
  },
}), persisted('train-settings', (s: TrainSettingsState) => ({ settings: s.settings, defaultsOf: s.defaultsOf, touched: s.touched }))));
