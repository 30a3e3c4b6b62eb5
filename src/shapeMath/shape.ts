/**
 * A tensor shape without the batch axis, channels-first as the seed prints it:
 * `[C, H, W]` for feature maps, `[F]` for flat features.
 */
export type Shape = readonly number[];

export const isSpatial = (shape: Shape): boolean => shape.length === 3;

/** `64×23×23` for feature maps, `10` for flat features. */
export function formatShape(shape: Shape): string {
  return shape.join('×');
}

export function shapeSize(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}
