import type { FitViewOptions } from '@xyflow/react';
import type { GraphNode } from '../../../src/graph/types';

/** Below this zoom the node text is too small to read, even in the overview's larger labels. */
export const READABLE_ZOOM = 0.6;
/**
 * Below this zoom nodes show an overview: their id and output shape only, in type large enough to stay
 * readable down to `READABLE_ZOOM` (semantic zoom; the canvas gets the class `canvas--overview`).
 */
export const DETAIL_ZOOM = 0.85;
/** The rendered size of a layer node, near enough for planning the first view. */
const NODE_WIDTH = 220;
const NODE_HEIGHT = 80;
const PADDING = 0.08;

/**
 * Options for the first `fitView` of a design. A design that fits the canvas at a readable zoom
 * is fitted whole; a taller one (GoogLeNet is a 2,300 px chain) is fitted from its top down to
 * what the canvas shows at `READABLE_ZOOM`, and the minimap shows the rest.
 * @param canvas the canvas size in screen pixels
 */
export function initialFit(nodes: readonly GraphNode[], canvas: { width: number; height: number }): FitViewOptions {
  const whole: FitViewOptions = { padding: PADDING, maxZoom: 1 };
  if (nodes.length === 0 || canvas.height <= 0) return whole;
  const top = Math.min(...nodes.map((n) => n.position.y));
  const bottom = Math.max(...nodes.map((n) => n.position.y)) + NODE_HEIGHT;
  const left = Math.min(...nodes.map((n) => n.position.x));
  const right = Math.max(...nodes.map((n) => n.position.x)) + NODE_WIDTH;
  const usable = 1 - 2 * PADDING;
  const fitsZoom = Math.min((canvas.height * usable) / (bottom - top), (canvas.width * usable) / (right - left));
  if (fitsZoom >= READABLE_ZOOM) return whole;
  const reach = top + (canvas.height * usable) / READABLE_ZOOM - NODE_HEIGHT;
  const visible = nodes.filter((n) => n.position.y <= reach);
  return { ...whole, minZoom: READABLE_ZOOM, nodes: (visible.length ? visible : nodes.slice(0, 1)).map((n) => ({ id: n.id })) };
}
