import type { AugmentSpec } from '../../src/contract/augment';

/** A named set of augmentation choices for a common kind of images. */
export interface AugmentPreset {
  id: 'none' | 'photos' | 'digits';
  title: string;
  /** Why it suits those images, in one line. */
  hint: string;
  spec: AugmentSpec;
}

/**
 * The presets the Dataset screen offers. None is the default: a mirrored 2, 7 or letter is another
 * symbol, and many medical images have a meaningful left and right.
 */
export const AUGMENT_PRESETS: readonly AugmentPreset[] = [
  { id: 'none', title: 'None', hint: 'Every image as it is', spec: { cropPadding: 0, flip: false, rotation: 0, scale: 0, colorJitter: 0 } },
  {
    id: 'photos',
    title: 'Natural photos',
    hint: 'Mirror, small shifts, turns and zoom, colour changes',
    spec: { cropPadding: 4, flip: true, rotation: 10, scale: 0.1, colorJitter: 0.2 },
  },
  {
    id: 'digits',
    title: 'Digits & text',
    hint: 'Small shifts, turns and zoom; never mirrored',
    spec: { cropPadding: 2, flip: false, rotation: 8, scale: 0.08, colorJitter: 0 },
  },
];

/** The default: no augmentation, the engines' default too (`src/contract/runConfig.ts`). */
export const DEFAULT_AUGMENT: AugmentSpec = AUGMENT_PRESETS[0].spec;

/** The preset these choices are exactly, or null for a custom mix. */
export function matchingPreset(spec: AugmentSpec): AugmentPreset | null {
  const same = (a: AugmentSpec) => (Object.keys(a) as (keyof AugmentSpec)[]).every((k) => a[k] === spec[k]);
  return AUGMENT_PRESETS.find((p) => same(p.spec)) ?? null;
}

/** `none`, `mirror, shift 2 px, rotate ±10°`: the choices in a few words, for the Train screen. */
export function describeAugment(spec: AugmentSpec): string {
  const parts = [
    spec.flip ? 'mirror' : '',
    spec.cropPadding ? `shift ${spec.cropPadding} px` : '',
    spec.rotation ? `rotate ±${spec.rotation}°` : '',
    spec.scale ? `zoom ±${spec.scale}` : '',
    spec.colorJitter ? `colour ±${spec.colorJitter}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'none';
}
