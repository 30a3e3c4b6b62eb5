import type { PresetInfo } from '../../src/service/api';

/** A preset's title as the Presets menu shows it ("Small CNN"), never its id; the id until the list has come. */
export function presetTitle(name: string, presets: readonly Pick<PresetInfo, 'name' | 'title'>[]): string {
  return presets.find((p) => p.name === name)?.title ?? name;
}

/**
 * The preset whose Train defaults apply to the open design: the preset it was opened as, or the one the
 * settings came from while the design still bears that preset's name; null (generic defaults) for any other design.
 */
export function defaultsFor(
  presetName: string | null,
  defaultsOf: string | null,
  designName: string | null,
  presets: readonly Pick<PresetInfo, 'name' | 'title'>[],
): string | null {
  if (presetName) return presetName;
  if (!defaultsOf || designName === null) return null;
  return presets.some((p) => p.name === defaultsOf && p.title === designName) ? defaultsOf : null;
}
