import { z } from 'zod';

/** Bounds on what a graph document may hold, so a hostile file is refused quickly instead of exhausting the host. */
export const LIMITS = {
  maxFileBytes: 20 * 1024 * 1024,
  maxNodes: 5000,
  maxEdges: 20000,
  maxParamsPerNode: 32,
  maxNameLength: 200,
  maxIdLength: 64,
  maxStringParamLength: 64,
  maxCoordinate: 1e7,
} as const;

export const GRAPH_FORMAT = 'inception-studio.graph';
export const GRAPH_VERSION = 2;

export const idSchema = z
  .string()
  .max(LIMITS.maxIdLength)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected letters, digits and _ , not starting with a digit');

const coordinate = z.number().min(-LIMITS.maxCoordinate).max(LIMITS.maxCoordinate);

/** A value per spatial axis (height, width) of a kernel, stride, padding or dilation. */
const axisPair = z.tuple([z.number(), z.number()]).readonly();

const paramValue = z.union([z.number(), z.string().max(LIMITS.maxStringParamLength), z.boolean(), axisPair]);

const nodeSchema = z.strictObject({
  id: idSchema,
  kind: z.string().max(LIMITS.maxIdLength),
  params: z.record(z.string().max(LIMITS.maxIdLength), paramValue).refine(
    (p) => Object.keys(p).length <= LIMITS.maxParamsPerNode,
    `at most ${LIMITS.maxParamsPerNode} parameters`,
  ),
  position: z.strictObject({ x: coordinate, y: coordinate }),
  frozen: z.boolean().optional(),
});

const edgeSchema = z.strictObject({
  id: z.string().min(1).max(2 * LIMITS.maxIdLength + 16),
  source: idSchema,
  target: idSchema,
  targetSlot: z.number().int().min(0).max(1023),
});

/** The current document schema (version 2). */
export const graphSchema = z.strictObject({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  name: z.string().max(LIMITS.maxNameLength),
  nodes: z.array(nodeSchema).max(LIMITS.maxNodes),
  edges: z.array(edgeSchema).max(LIMITS.maxEdges),
  view: z.strictObject({ x: coordinate, y: coordinate, zoom: z.number().min(0.01).max(100) }).optional(),
});
