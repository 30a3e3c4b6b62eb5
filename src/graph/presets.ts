import googlenet96 from '../../assets/presets/googlenet-96.json';
import googlenet from '../../assets/presets/googlenet.json';
import inceptionV3 from '../../assets/presets/inception-v3.json';
import smallCnn from '../../assets/presets/small-cnn.json';
import { parseGraph } from './schema';
import type { GraphDoc } from './types';

export interface PresetInfo { name: string; title: string; description: string }

const FILES: Record<string, { file: unknown; description: string }> = {
  'googlenet-96': { file: googlenet96, description: 'A compact GoogLeNet for 96×96 RGB images and 10 classes; trains in minutes on a GPU.' },
  googlenet: { file: googlenet, description: 'The paper\'s GoogLeNet for 224×224 ImageNet images and 1000 classes.' },
  'inception-v3': {
    file: inceptionV3,
    description: 'Inception-v3 for 299×299 ImageNet images and 1000 classes, as torchvision builds it (no auxiliary classifier).',
  },
  'small-cnn': { file: smallCnn, description: 'Two conv blocks for 28×28 greyscale images; trains in seconds on a CPU.' },
};

export const PRESET_NAMES = Object.keys(FILES);

export function listPresets(): PresetInfo[] {
  return PRESET_NAMES.map((name) => ({ name, title: loadPreset(name).name, description: FILES[name].description }));
}

/** A fresh copy of a preset, parsed through the same schema as any file. */
export function loadPreset(name: string): GraphDoc {
  const entry = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (!entry) throw new Error(`unknown preset "${name}"; presets: ${PRESET_NAMES.join(', ')}`);
  const parsed = parseGraph(structuredClone(entry.file));
  if (!parsed.ok) throw new Error(`preset ${name} is invalid: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return parsed.graph;
}
