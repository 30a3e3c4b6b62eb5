import { z } from 'zod';

/**
 * A number that may have crossed a JSON channel (IPC, a job's messages): JSON writes NaN and ±Infinity as null,
 * which reads back as NaN (a diverged loss, an empty evaluation's accuracy).
 */
export const jsonNumber = z.union([z.number(), z.null().transform(() => Number.NaN)]);
