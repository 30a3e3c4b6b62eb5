import { z } from 'zod';

/** What a feature-maps request may choose; everything has a default. */
export const featureMapsOptionsSchema = z.strictObject({
  /** The design node whose output is shown (a C×H×W feature map); default: the last one before the classifier. */
  node: z.string().min(1).max(64).optional(),
  /** How many channels the grid shows, those with the highest mean activation; default 64. */
  limit: z.number().int().min(1).max(1024).optional(),
});
export type FeatureMapsOptions = z.infer<typeof featureMapsOptionsSchema>;

/** One channel's statistics over the node's positions. */
export const featureChannelSchema = z.object({ channel: z.number().int().min(0), mean: z.number(), min: z.number(), max: z.number() });

/** A node's feature maps for one image: its channels sorted by mean activation, drawn as a grid. */
export const featureMapsResultSchema = z.object({
  path: z.string(),
  node: z.string(),
  /** Every node of the run's design with a C×H×W output, in order: the ones that can be asked for. */
  nodes: z.array(z.string()),
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  /** The node's channel count; `channels` holds the first `limit` of them by mean activation, highest first. */
  count: z.number().int().positive(),
  channels: z.array(featureChannelSchema),
  /** The range of every value of the node's output: the grid's black and white. */
  min: z.number(),
  max: z.number(),
  /** The grid: `channels` in order, row by row, `columns` tiles a row, each map scaled to `tile` pixels a side; a PNG data URL. */
  grid: z.string(),
  columns: z.number().int().positive(),
  tile: z.number().int().positive(),
});
export type FeatureMapsResult = z.infer<typeof featureMapsResultSchema>;
