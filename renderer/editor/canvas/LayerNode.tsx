import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { getLayer } from '../../../src/layers/catalog';
import { resolveParams } from '../../../src/layers/params';
import { formatShape } from '../../../src/shapeMath/shape';
import { idWords, nodeBoxSize } from '../../../src/graph/layout/nodeSize';
import { nodeText } from '../../../src/shapes/nodeText';
import { formatCount } from '../../components/format';
import { useEditor } from '../../state/designStore';
import { branchesOf } from './branches';
import { nodeSummary } from './nodeSummary';
import type { LayerFlowNode } from './flowElements';
import { plainText } from '../../components/codeSpans';

/** Category → CSS modifier for the node's accent colour. */
export const CATEGORY_CLASS: Record<string, string> = {
  'Input/Output': 'io',
  Convolution: 'conv',
  Pooling: 'pool',
  Blocks: 'block',
  Merge: 'merge',
  Core: 'core',
  'Normalization/Activation': 'norm',
};

function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const { node, info, errors, expanded } = data;
  const toggleExpanded = useEditor((s) => s.toggleExpanded);
  const layer = getLayer(node.kind);
  const described = layer ? nodeSummary(layer, node.params) : null;
  const summary = described ? described.text : `unknown kind "${node.kind}"`;
  const shape = info?.shape ? formatShape(info.shape) : '—';
  const trainable = info?.counts.trainable ?? 0;
  // The field is named in the inspector; the node has room for the message only.
  const firstError = errors.split('\n')[0].replace(/^[\w[\]]+: /, '');
  const branches = expanded && layer?.composite && described?.valid ? branchesOf(layer.expand(id, resolveParams(layer.params, node.params).values)) : null;
  const classes = [
    'layer-node',
    `layer-node--${layer ? CATEGORY_CLASS[layer.category] ?? 'core' : 'core'}`,
    errors ? 'layer-node--error' : '',
    node.frozen ? 'layer-node--frozen' : '',
    selected ? 'layer-node--selected' : '',
  ].filter(Boolean).join(' ');

  // Wide enough for its id, shape and count uncut; the layouts lay nodes out with this same width.
  const badges = Number(Boolean(node.frozen)) + Number(Boolean(errors)) + Number(Boolean(layer?.composite));
  const width = nodeBoxSize({ ...nodeText(node, info), badges }).width;

  return (
    <div className={classes} data-testid={`node-${id}`} title={errors || undefined} style={{ width }}>
      {(layer?.inputs.max ?? 1) > 0 && <Handle type="target" position={Position.Top} />}
      <div className="layer-node__head">
        <span className="layer-node__title" data-id={id} title={layer ? plainText(layer.description) : undefined}>
          <span className="layer-node__kind">{layer?.title ?? node.kind}</span>
          <span className="layer-node__overview-id" aria-hidden="true">{idWords(id).map((word, i) => <span key={i}>{word}<wbr /></span>)}</span>
        </span>
        <span className="layer-node__id" title={id}>{id}</span>
        {node.frozen && <span className="layer-node__frozen" data-testid="node-frozen" role="img" aria-label="frozen" title="Frozen: fine-tuning keeps its weights as they are">❄</span>}
        {errors && <span className="layer-node__badge" aria-label="has errors">!</span>}
        {layer?.composite && (
          <button
            type="button"
            className="layer-node__expand nodrag"
            data-testid="node-expand"
            aria-expanded={expanded}
            title={expanded ? 'Hide the branches' : 'Show the branches'}
            onClick={() => toggleExpanded(id)}
          >
            {expanded ? '▾' : '▸'}
          </button>
        )}
      </div>
      <div className="layer-node__summary" title={summary}>{summary || '\u00a0'}</div>
      {branches && (
        <ol className="layer-node__branches" data-testid="node-branches">
          {branches.branches.map((b) => (
            <li key={b.label}>
              <span className="layer-node__branch-label">{b.label}</span>
              <span className="layer-node__branch-steps">{b.steps.join(' → ')}</span>
            </li>
          ))}
          {branches.merge && <li className="layer-node__merge">→ {branches.merge}</li>}
        </ol>
      )}
      {errors && <div className="layer-node__error" data-testid="node-error">{firstError}</div>}
      <div className="layer-node__foot">
        <span className="layer-node__shape" data-testid="node-shape" title="Output shape (C×H×W)">{shape}</span>
        <span className="layer-node__params" title={node.frozen ? 'Parameters, frozen' : 'Trainable parameters'}>
          <span data-testid="node-params">{trainable ? formatCount(trainable) : '—'}</span>
          <span className="layer-node__unit"> params</span>
        </span>
      </div>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

/** A layer on the canvas: kind, key params, output shape and trainable parameters; errors inline; frozen ones muted with a badge. */
export const LayerNode = memo(LayerNodeView);
