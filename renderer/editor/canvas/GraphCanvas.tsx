import {
  Background,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  type EdgeChange,
  type NodeChange,
  type OnConnect,
  type OnNodeDrag,
  useStore,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { selectReadOnly, useEditor } from '../../state/designStore';
import { LayerNode } from './LayerNode';
import { DETAIL_ZOOM, initialFit } from './initialView';
import { toFlowEdges, toFlowNodes, type LayerFlowNode } from './flowElements';
import { makeRoom } from './makeRoom';
import { LAYER_MIME, NODE_CENTRE, snapPosition } from './placement';
import { RoutedEdge } from './RoutedEdge';
import { useEdgeRoutes } from './useEdgeRoutes';

const nodeTypes = { layer: LayerNode };
const edgeTypes = { routed: RoutedEdge };

const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const SNAP_GRID: [number, number] = [20, 20];

interface Size { width: number; height: number }

/**
 * The design on a React Flow canvas. The canvas (and its ReactFlowProvider, see App) is remounted
 * per opened design, so each one gets its first view; it waits for the canvas size, which that view
 * depends on.
 */
export function GraphCanvas() {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<Size | null>(null);
  useLayoutEffect(() => {
    const rect = box.current?.getBoundingClientRect();
    if (rect) setSize({ width: rect.width, height: rect.height });
  }, []);
  return (
    <div ref={box} className="graph-canvas" data-testid="canvas">
      {size && <DesignFlow canvas={size} />}
    </div>
  );
}

function DesignFlow({ canvas }: { canvas: Size }) {
  const doc = useEditor((s) => s.doc);
  const inference = useEditor((s) => s.inference);
  const selection = useEditor((s) => s.selection);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const expanded = useEditor((s) => s.expanded);
  const view = useEditor((s) => s.view);
  const moveNodes = useEditor((s) => s.moveNodes);
  const makeRoom = useEditor((s) => s.makeRoom);
  const setSelection = useEditor((s) => s.setSelection);
  const setEdgeSelection = useEditor((s) => s.setEdgeSelection);
  const connect = useEditor((s) => s.connect);
  const addLayer = useEditor((s) => s.addLayer);
  const readOnly = useEditor(selectReadOnly);
  const flow = useReactFlow<LayerFlowNode>();
  const overview = useStore((s) => s.transform[2] < DETAIL_ZOOM);

  const selected = useMemo(() => new Set(selection), [selection]);
  const [source, setSource] = useState({ doc, inference, selected, expanded });
  const [nodes, setNodes] = useState(() => toFlowNodes(doc, inference, selected, expanded, []));
  if (source.doc !== doc || source.inference !== inference || source.selected !== selected || source.expanded !== expanded) {
    // Adjusting state while rendering: the design or selection changed, so rebuild the nodes that depend on it.
    setSource({ doc, inference, selected, expanded });
    setNodes(toFlowNodes(doc, inference, selected, expanded, nodes));
  }
  const [sizesVersion, setSizesVersion] = useState(0);
  const routes = useEdgeRoutes(doc, nodes, sizesVersion);
  const edgeSelection = useMemo(() => new Set(selectedEdges), [selectedEdges]);
  const edges = useMemo(() => toFlowEdges(doc, inference, edgeSelection, view.edgeShapes, routes), [doc, inference, edgeSelection, view.edgeShapes, routes]);
  const [fitViewOptions] = useState(() => initialFit(doc?.nodes ?? [], canvas));

  const fitRequest = useEditor((s) => s.fitRequest);
  const [fitSeen] = useState(fitRequest);
  useEffect(() => {
    // After the render that placed the nodes, so the fit sees their new positions.
    if (fitRequest === fitSeen) return;
    const { target } = fitRequest;
    const options = target === 'readable'
      ? initialFit(useEditor.getState().doc?.nodes ?? [], canvas)
      : { padding: 0.08, maxZoom: 1, ...(target === 'all' ? {} : { nodes: target.map((id) => ({ id })) }) };
    void flow.fitView({ ...options, duration: 200 });
  }, [fitRequest, fitSeen, flow, canvas]);
  // Fit on mount only a design that has nodes; an empty one would fit its first added node instead.
  const [fitOnMount] = useState(() => (doc?.nodes.length ?? 0) > 0);

  const latest = useRef(nodes);
  latest.current = nodes;

  const onNodesChange = useCallback((changes: NodeChange<LayerFlowNode>[]) => {
    setNodes((current) => applyNodeChanges(changes, current));
    if (changes.some((c) => c.type === 'dimensions')) setSizesVersion((v) => v + 1);
    for (const change of changes) {
      if (change.type === 'dimensions' && change.dimensions) makeRoomFor(latest.current, change.id, change.dimensions.height, makeRoom);
    }
    if (!changes.some((c) => c.type === 'select')) return;
    const next = new Set(useEditor.getState().selection);
    for (const change of changes) {
      if (change.type !== 'select') continue;
      if (change.selected) next.add(change.id);
      else next.delete(change.id);
    }
    setSelection([...next]);
  }, [setSelection, makeRoom]);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    if (!changes.some((c) => c.type === 'select')) return;
    const next = new Set(useEditor.getState().selectedEdges);
    for (const change of changes) {
      if (change.type !== 'select') continue;
      if (change.selected) next.add(change.id);
      else next.delete(change.id);
    }
    setEdgeSelection([...next]);
  }, [setEdgeSelection]);

  const onNodeDragStop = useCallback<OnNodeDrag<LayerFlowNode>>((_event, _node, dragged) => {
    moveNodes(new Map(dragged.map((n) => [n.id, n.position])));
  }, [moveNodes]);

  const onConnect = useCallback<OnConnect>((c) => void connect(c.source, c.target), [connect]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(LAYER_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback((event: DragEvent) => {
    const kind = event.dataTransfer.getData(LAYER_MIME);
    if (!kind) return;
    event.preventDefault();
    const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const position = { x: at.x - NODE_CENTRE.x, y: at.y - NODE_CENTRE.y };
    addLayer(kind, useEditor.getState().view.snapToGrid ? snapPosition(position) : position);
  }, [flow, addLayer]);

  return (
    <ReactFlow<LayerFlowNode>
      className={overview ? 'canvas--overview' : undefined}
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onNodeDragStop={onNodeDragStop}
      onConnect={onConnect}
      onDragOver={onDragOver}
      onDrop={onDrop}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      connectionRadius={28}
      deleteKeyCode={null}
      multiSelectionKeyCode={MULTI_SELECT_KEYS}
      snapToGrid={view.snapToGrid}
      snapGrid={SNAP_GRID}
      panOnScroll
      fitView={fitOnMount}
      fitViewOptions={fitViewOptions}
      minZoom={0.1}
      maxZoom={2}
    >
      <Background gap={SNAP_GRID[0]} size={1} />
    </ReactFlow>
  );
}

/** A node showing its branches grew to `height`: the nodes it would cover move down (not an edit: `makeRoom`). */
function makeRoomFor(nodes: readonly LayerFlowNode[], id: string, height: number, moveNodes: (moves: Map<string, { x: number; y: number }>) => void) {
  const before = nodes.find((n) => n.id === id)?.measured?.height;
  const editor = useEditor.getState();
  if (!before || height <= before || !editor.expanded.has(id) || selectReadOnly(editor)) return;
  const boxes = nodes.map((n) => ({
    id: n.id, x: n.position.x, y: n.position.y, width: n.measured?.width ?? 220, height: n.id === id ? height : n.measured?.height ?? 80,
  }));
  const moves = makeRoom(boxes, id, before);
  if (moves.size) moveNodes(moves);
}
