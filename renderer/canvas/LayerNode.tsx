import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { getLayer } from '../../src/layers/catalog';
import { resolveParams } from '../../src/layers/params';
import { formatShape } from '../../src/shapes/shape';
import { formatCount } from '../format';
import type { LayerFlowNode } from './flowElements';

/** Category → CSS modifier for the node's accent colour. */
const CATEGORY_CLASS: Record<string, string> = {
  'Input/Output': 'io',
  Convolution: 'conv',
  Pooling: 'pool',
  Blocks: 'block',
  Merge: 'merge',
  Core: 'core',
  'Normalization/Activation': 'norm',
};

function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const { node, info, errors } = data;
  const layer = getLayer(node.kind);
  const summary = layer ? layer.summary(resolveParams(layer.params, node.params).values) : `unknown kind "${node.kind}"`;
  const shape = info?.shape ? formatShape(info.shape) : '—';
  const trainable = info?.counts.trainable ?? 0;
  const classes = [
    'layer-node',
    `layer-node--${layer ? CATEGORY_CLASS[layer.category] ?? 'core' : 'core'}`,
    errors ? 'layer-node--error' : '',
    selected ? 'layer-node--selected' : '',
  ].filter(Boolean).join(' ');

  return (
    <div className={classes} data-testid={`node-${id}`} title={errors || undefined}>
      <Handle type="target" position={Position.Top} />
      <div className="layer-node__head">
        <span className="layer-node__title" title={layer?.description}>{layer?.title ?? node.kind}</span>
        <span className="layer-node__id">{id}</span>
        {errors && <span className="layer-node__badge" aria-label="has errors">!</span>}
      </div>
      <div className="layer-node__summary">{summary || '\u00a0'}</div>
      <div className="layer-node__foot">
        <span className="layer-node__shape" data-testid="node-shape" title="Output shape (C×H×W)">{shape}</span>
        <span className="layer-node__params" title="Trainable parameters">
          <span data-testid="node-params">{trainable ? formatCount(trainable) : '—'}</span>
          <span className="layer-node__unit"> params</span>
        </span>
      </div>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

/** A layer on the canvas: kind, key params, output shape and trainable parameters. */
export const LayerNode = memo(LayerNodeView);
