import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  applyNodeChanges,
  type NodeChange,
  type OnNodeDrag,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useEditor } from '../store';
import { LayerNode } from './LayerNode';
import { initialFit } from './initialView';
import { toFlowEdges, toFlowNodes, type LayerFlowNode } from './flowElements';

const nodeTypes = { layer: LayerNode };

const minimapColor = (node: LayerFlowNode): string => (node.data.errors ? '#dc2626' : '#94a3b8');

interface Size { width: number; height: number }

/**
 * The design on a React Flow canvas. The flow is remounted per opened design, so each one gets
 * its first view; it waits for the canvas size, which that view depends on.
 */
export function GraphCanvas() {
  const openCount = useEditor((s) => s.openCount);
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<Size | null>(null);
  useLayoutEffect(() => {
    const rect = box.current?.getBoundingClientRect();
    if (rect) setSize({ width: rect.width, height: rect.height });
  }, []);
  return (
    <div ref={box} className="graph-canvas">
      {size && <DesignFlow key={openCount} canvas={size} />}
    </div>
  );
}

function DesignFlow({ canvas }: { canvas: Size }) {
  const doc = useEditor((s) => s.doc);
  const inference = useEditor((s) => s.inference);
  const moveNodes = useEditor((s) => s.moveNodes);
  const setSelection = useEditor((s) => s.setSelection);

  const [source, setSource] = useState({ doc, inference });
  const [nodes, setNodes] = useState(() => toFlowNodes(doc, inference, []));
  if (source.doc !== doc || source.inference !== inference) {
    // Adjusting state while rendering: the design changed, so rebuild the nodes that depend on it.
    setSource({ doc, inference });
    setNodes(toFlowNodes(doc, inference, nodes));
  }
  const [fitViewOptions] = useState(() => initialFit(doc?.nodes ?? [], canvas));
  const edges = useMemo(() => toFlowEdges(doc), [doc]);

  const onNodesChange = useCallback((changes: NodeChange<LayerFlowNode>[]) => {
    setNodes((current) => applyNodeChanges(changes, current));
    if (changes.some((c) => c.type === 'select')) {
      const selected = new Set(useEditor.getState().selection);
      for (const change of changes) {
        if (change.type !== 'select') continue;
        if (change.selected) selected.add(change.id);
        else selected.delete(change.id);
      }
      setSelection([...selected]);
    }
  }, [setSelection]);

  const onNodeDragStop = useCallback<OnNodeDrag<LayerFlowNode>>((_event, _node, dragged) => {
    moveNodes(new Map(dragged.map((n) => [n.id, n.position])));
  }, [moveNodes]);

  return (
    <ReactFlow<LayerFlowNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onNodeDragStop={onNodeDragStop}
      nodesConnectable={false}
      deleteKeyCode={null}
      panOnScroll
      fitView
      fitViewOptions={fitViewOptions}
      minZoom={0.1}
      maxZoom={2}
    >
      <Background gap={20} size={1} />
      <MiniMap<LayerFlowNode> nodeColor={minimapColor} pannable zoomable />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
