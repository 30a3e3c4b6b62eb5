import type { PresetInfo } from '../../src/service/api';

/** A preset's title as the Presets menu shows it ("Small CNN"), never its id; the id until the list has come. */
export function presetTitle(name: string, presets: readonly Pick<PresetInfo, 'name' | 'title'>[]): string {
  return presets.find((p) => p.name === name)?.title ?? name;
}

/**
 * The preset whose Train defaults suit the open design: the preset it was opened as, else the preset whose
 * name it bears (a run of that preset, opened to fine-tune it or to look at it); null (the generic defaults)
 * for any other design, an imported model among them.
 */
export function presetOfDesign(
  presetName: string | null,
  designName: string | null,
  presets: readonly Pick<PresetInfo, 'name' | 'title'>[],
): string | null {
  if (presetName) return presetName;
  return presets.find((p) => p.title === designName)?.name ?? null;
}
