import { z } from 'zod';

/** The engines that compute Grad-CAM (each from the same weights). */
export const GRAD_CAM_ENGINES = ['tfjs', 'torch'] as const;

/** What a Grad-CAM request may choose; everything has a default. */
export const gradCamOptionsSchema = z.strictObject({
  /** The class to explain, by name; default: the predicted class. */
  label: z.string().min(1).max(200).optional(),
  /** The design node whose output is explained (a C×H×W feature map); default: the last one before the classifier. */
  node: z.string().min(1).max(64).optional(),
  engine: z.enum(GRAD_CAM_ENGINES).optional(),
  /** Sanity check (Adebayo et al. 2018): the classifier's weights replaced by random ones; a map that does not change explains nothing. */
  randomHead: z.boolean().optional(),
});
export type GradCamOptions = z.infer<typeof gradCamOptionsSchema>;

/** One Grad-CAM: the map over the node's positions and the image with the map drawn over it. */
export const gradCamResultSchema = z.object({
  path: z.string(),
  engine: z.enum(GRAD_CAM_ENGINES),
  node: z.string(),
  label: z.string(),
  classIndex: z.number().int().min(0),
  /** The model's probability for the explained class. */
  probability: z.number(),
  predicted: z.object({ label: z.string(), probability: z.number() }),
  randomHead: z.boolean(),
  /** Row-major height×width, ReLU(Σ_k α_k A_k), not normalised (`max` is its largest value). */
  map: z.array(z.number()),
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  max: z.number(),
  /** The image as the network sees it (resized, cropped) with the map over it, as a PNG data URL. */
  overlay: z.string(),
});
export type GradCamResult = z.infer<typeof gradCamResultSchema>;
