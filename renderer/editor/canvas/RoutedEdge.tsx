import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { Point } from '../../../src/graph/layout/geometry';

/** An edge with the path the router found for it, if any. */
export type RoutedFlowEdge = Edge<{ route?: Point[] }, 'routed'>;

const CORNER = 8;
/** How far a handle may sit from where the route expects it before the route counts as stale. */
const SLACK = 12;

/** An SVG path through the points, its corners rounded. */
export function roundedPath(points: readonly Point[], radius = CORNER): string {
  const parts = [`M ${points[0].x} ${points[0].y}`];
  for (let i = 1; i < points.length - 1; i++) {
    const [a, p, b] = [points[i - 1], points[i], points[i + 1]];
    const inLength = Math.hypot(p.x - a.x, p.y - a.y);
    const outLength = Math.hypot(b.x - p.x, b.y - p.y);
    const r = Math.min(radius, inLength / 2, outLength / 2);
    const from = { x: p.x - ((p.x - a.x) / inLength) * r, y: p.y - ((p.y - a.y) / inLength) * r };
    const to = { x: p.x + ((b.x - p.x) / outLength) * r, y: p.y + ((b.y - p.y) / outLength) * r };
    parts.push(`L ${from.x} ${from.y}`, `Q ${p.x} ${p.y} ${to.x} ${to.y}`);
  }
  const last = points[points.length - 1];
  parts.push(`L ${last.x} ${last.y}`);
  return parts.join(' ');
}

/**
 * The route with its ends moved onto the handles where React Flow draws them, or null when the nodes have
 * moved since it was routed (then the edge is drawn as a plain curve until the next route arrives).
 */
export function fitRoute(route: readonly Point[] | undefined, from: Point, to: Point): Point[] | null {
  if (!route || route.length < 2) return null;
  const first = route[0];
  const last = route[route.length - 1];
  if (Math.abs(first.x - from.x) > SLACK || Math.abs(first.y - from.y) > SLACK
    || Math.abs(last.x - to.x) > SLACK || Math.abs(last.y - to.y) > SLACK) return null;
  const points = route.map((p) => ({ ...p }));
  if (points.length > 2 && points[1].x === first.x) points[1].x = from.x;
  if (points.length > 2 && points[points.length - 2].x === last.x) points[points.length - 2].x = to.x;
  points[0] = from;
  points[points.length - 1] = to;
  return points;
}

function RoutedEdgeView(props: EdgeProps<RoutedFlowEdge>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const points = fitRoute(data?.route, { x: sourceX, y: sourceY }, { x: targetX, y: targetY });
  let path: string;
  let labelX: number;
  let labelY: number;
  if (points) {
    path = roundedPath(points);
    const [a, b] = points.slice(-2);
    labelX = (a.x + b.x) / 2;
    labelY = (a.y + b.y) / 2;
  } else {
    [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  }
  return (
    <BaseEdge
      id={props.id}
      path={path}
      labelX={labelX}
      labelY={labelY}
      label={props.label}
      labelStyle={props.labelStyle}
      labelShowBg={props.labelShowBg}
      labelBgStyle={props.labelBgStyle}
      labelBgPadding={props.labelBgPadding}
      labelBgBorderRadius={props.labelBgBorderRadius}
      markerEnd={props.markerEnd}
      markerStart={props.markerStart}
      interactionWidth={props.interactionWidth}
      style={props.style}
    />
  );
}

/** An edge drawn along its routed path (around the nodes in its way), or as a curve while it has none. */
export const RoutedEdge = memo(RoutedEdgeView);
