import { z } from 'zod';
import { torchJobSchema } from '../contract/torchJob';

/** The committed JSON Schema of the job file, relative to the repository (`scripts/write-job-schema.mjs` writes it). */
export const JOB_SCHEMA_FILE = 'assets/python/inception_torch/job.schema.json';

/**
 * The job file's JSON Schema, generated from the zod contract: every key required, as the job carries every value
 * (the output side of each field), and no `default`s, which only TypeScript applies.
 */
export function torchJobJsonSchema(): Record<string, unknown> {
  const override = ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
    delete jsonSchema.default;
  };
  return z.toJSONSchema(torchJobSchema, { io: 'output', target: 'draft-2020-12', override }) as Record<string, unknown>;
}

/** The schema file's text, as committed. */
export const jobSchemaText = (): string => JSON.stringify(torchJobJsonSchema(), null, 2) + '\n';
