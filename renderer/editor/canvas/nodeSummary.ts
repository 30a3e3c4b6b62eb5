import type { LayerDef } from '../../../src/layers/define';
import type { ParamValue } from '../../../src/graph/types';
import { resolveParams } from '../../../src/layers/params';

/**
 * What a node shows of its params: the layer's summary of what is stored, wrong values included
 * (`64, abc×abc`), so the node never shows a default the design does not hold. `valid` is false when
 * some param is wrong; anything derived from the values (the branches) should then wait.
 */
export function nodeSummary(layer: LayerDef, params: Readonly<Record<string, ParamValue>>): { text: string; valid: boolean } {
  const { values, issues } = resolveParams(layer.params, params);
  if (issues.length === 0) return { text: layer.summary(values), valid: true };
  const shown: Record<string, ParamValue> = { ...values };
  for (const { field } of issues) if (Object.hasOwn(layer.params, field) && Object.hasOwn(params, field)) shown[field] = params[field];
  try {
    return { text: layer.summary(shown as typeof values), valid: false };
  } catch {
    return { text: '', valid: false };
  }
}
