import { z } from 'zod';

const classMetrics = z.object({ name: z.string(), support: z.number(), precision: z.number().nullable(), recall: z.number().nullable() });

/** Accuracy, top-5, loss, per-class precision/recall and confusion[true][predicted] of a model on some images. */
export const evaluationSchema = z.object({
  count: z.number(),
  accuracy: z.number(),
  top5: z.number(),
  loss: z.number(),
  confusion: z.array(z.array(z.number())),
  perClass: z.array(classMetrics),
});

/** The parts of a run's `report.json` the Results screen shows; other fields are ignored. */
const reportSchema = z.object({
  status: z.string(),
  classes: z.array(z.string()),
  backend: z.string().optional(),
  epochsDone: z.number().optional(),
  bestEpoch: z.number().nullable().optional(),
  bestValAccuracy: z.number().nullable().optional(),
  seconds: z.number().optional(),
  validation: evaluationSchema.nullable().optional(),
  skipped: z.object({
    total: z.number(),
    files: z.array(z.object({ path: z.string(), reason: z.string() })),
  }).optional(),
});

export type RunReport = z.infer<typeof reportSchema>;
export type Evaluation = z.infer<typeof evaluationSchema>;

/** The run's report, checked at the edge; an Error says what does not fit. */
export function parseReport(raw: unknown): RunReport | Error | null {
  if (raw === null || raw === undefined) return null;
  const parsed = reportSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return new Error(`report.json: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** The data folder and validation folder a run was trained on, from its config. */
export function dataFoldersOf(config: unknown): { dir: string | null; valDir: string | null } {
  const parsed = z.object({ data: z.object({ dir: z.string(), valDir: z.string().nullable().optional() }) }).safeParse(config);
  return parsed.success ? { dir: parsed.data.data.dir, valDir: parsed.data.data.valDir ?? null } : { dir: null, valDir: null };
}
