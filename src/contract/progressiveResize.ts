import { z } from 'zod';

/**
 * Progressive resizing: the first epochs train on smaller images, each phase `epochs` long at `size` pixels
 * high (the width scaled alike), before the design's own size for the rest. Batches are resized on the fly
 * from the design's size; validation always runs at the design's size. Valid for designs whose spatial
 * sizes stay positive at `size` and whose head pools globally (checked against the design at a run's start).
 */
export const resizePhaseSchema = z.object({ epochs: z.number().int().min(1).max(10_000), size: z.number().int().min(1).max(4096) }).strict();
export type ResizePhase = z.infer<typeof resizePhaseSchema>;
export const progressiveResizeSchema = z.array(resizePhaseSchema).max(16);

/** The input height and width of `epoch` (0-based): a phase's size scaled to the design's aspect, else the design's own. */
export function inputSizeAt(phases: readonly ResizePhase[], epoch: number, input: { height: number; width: number }): { height: number; width: number } {
  let end = 0;
  for (const phase of phases) {
    end += phase.epochs;
    if (epoch < end) return { height: phase.size, width: Math.max(1, Math.round((input.width * phase.size) / input.height)) };
  }
  return { height: input.height, width: input.width };
}

/** `--resize 48:1,64:1` (SIZE:EPOCHS, in order) as phases; throws naming the part it cannot read. */
export function parseResizeFlag(text: string): ResizePhase[] {
  return text.split(',').map((part) => {
    const m = /^\s*(\d+):(\d+)\s*$/.exec(part);
    if (!m) throw new Error(`--resize: expected SIZE:EPOCHS[,SIZE:EPOCHS…] (e.g. 64:2), got "${part}"`);
    return { size: Number(m[1]), epochs: Number(m[2]) };
  });
}

/** "48 px for 1 epoch, then 64 px for 2 epochs" for the recipe line. */
export function describeResizePhases(phases: readonly ResizePhase[]): string {
  return phases.map((p) => `${p.size} px for ${p.epochs} epoch${p.epochs === 1 ? '' : 's'}`).join(', then ');
}
