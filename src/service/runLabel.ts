import path from 'node:path';
import { z } from 'zod';
import { MAX_RUN_LABEL } from '../contract/runInfo';
import { readJson, writeJson } from '../io/runFolder';

/** A run's own name, kept in `<run>/label.json` beside its config (written atomically). */
const labelFile = (runDir: string) => path.join(runDir, 'label.json');
const labelSchema = z.object({ label: z.string() });

/** The name the user gave a run, or null (none given, or an unreadable file). */
export async function readRunLabel(runDir: string): Promise<string | null> {
  const parsed = labelSchema.safeParse(await readJson(labelFile(runDir)).catch(() => null));
  return parsed.success && parsed.data.label.trim() ? parsed.data.label : null;
}

/** Names a run; an empty name removes the name (the design's name shows again). */
export async function writeRunLabel(runDir: string, label: string): Promise<string | null> {
  const trimmed = label.trim().replace(/\s+/g, ' ');
  if (trimmed.length > MAX_RUN_LABEL) throw new Error(`a run name has at most ${MAX_RUN_LABEL} characters, got ${trimmed.length}`);
  await writeJson(labelFile(runDir), { label: trimmed });
  return trimmed || null;
}
