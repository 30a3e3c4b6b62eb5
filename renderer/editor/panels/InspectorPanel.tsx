import { useShallow } from 'zustand/react/shallow';
import type { GraphNode } from '../../../src/graph/types';
import { getLayer } from '../../../src/layers/catalog';
import { resolveParams } from '../../../src/layers/params';
import { formatShape } from '../../../src/shapeMath/shape';
import { describeNodeError } from '../canvas/flowElements';
import { formatCount, formatMacs } from '../../components/format';
import { selectReadOnly, useEditor } from '../../state/designStore';
import { DesignInspector } from './DesignInspector';
import { FreezeSection } from './FreezeSection';
import { InputOrder } from './InputOrder';
import { NodeFeatureMaps } from './NodeFeatureMaps';
import { ParamField } from './ParamField';
import { CodeText } from '../../components/CodeText';

/** The right-hand panel: the selected node's form, or the selection, or the design. */
export function Inspector() {
  const selection = useEditor((s) => s.selection);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const node = useEditor((s) => (s.selection.length === 1 ? s.doc?.nodes.find((n) => n.id === s.selection[0]) : undefined));
  const readOnly = useEditor(selectReadOnly);

  let body;
  if (node) body = <NodeInspector key={node.id} node={node} />;
  else if (selection.length > 1) body = <SelectionInspector count={selection.length} edges={selectedEdges.length} />;
  else if (selectedEdges.length > 0) body = <EdgeInspector ids={selectedEdges} />;
  else body = <DesignInspector />;
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      {/* A disabled fieldset disables every field and button of the form while the design trains. */}
      <fieldset className="inspector__fieldset" disabled={readOnly}>{body}</fieldset>
    </aside>
  );
}

function NodeInspector({ node }: { node: GraphNode }) {
  const info = useEditor((s) => s.inference?.nodes.get(node.id));
  const expanded = useEditor((s) => s.expanded.has(node.id));
  const { explode, toggleExpanded, duplicate, removeSelection } = useEditor(
    useShallow((s) => ({ explode: s.explode, toggleExpanded: s.toggleExpanded, duplicate: s.duplicate, removeSelection: s.removeSelection })),
  );
  const layer = getLayer(node.kind);
  if (!layer) {
    return <div className="inspector__section"><h2 className="inspector__title">{node.kind}</h2><p className="inspector__error">Unknown layer kind “{node.kind}”.</p></div>;
  }
  const { issues } = resolveParams(layer.params, node.params);
  const errors = info?.errors ?? [];
  const problemOf = (name: string): string | null =>
    issues.find((i) => i.field === name)?.message ?? errors.find((e) => e.field === name)?.message ?? null;
  const otherErrors = errors.filter((e) => !e.field || !Object.hasOwn(layer.params, e.field));
  const paramNames = Object.keys(layer.params);

  return (
    <>
      <div className="inspector__section">
        <div className="inspector__heading">
          <h2 className="inspector__title">{layer.title}</h2>
          <span className="inspector__id" data-testid="inspector-id">{node.id}</span>
        </div>
        <p className="inspector__description" data-testid="layer-description"><CodeText text={layer.description} /></p>
        <dl className="inspector__facts">
          <dt>Input</dt>
          <dd>{info?.inputShapes.length ? info.inputShapes.map((s) => (s ? formatShape(s) : '?')).join(', ') : '—'}</dd>
          <dt>Output</dt>
          <dd data-testid="inspector-shape">{info?.shape ? formatShape(info.shape) : '—'}</dd>
          <dt>Params</dt>
          <dd>{formatCount(info?.counts.trainable ?? 0)}{info?.counts.nonTrainable ? ` + ${formatCount(info.counts.nonTrainable)} fixed` : ''}{node.frozen ? ' (frozen)' : ''}</dd>
          <dt>Cost</dt>
          <dd>{formatMacs(info?.counts.macs ?? 0)}</dd>
        </dl>
        {otherErrors.length > 0 && (
          <ul className="inspector__errors" data-testid="inspector-errors">
            {otherErrors.map((e, i) => <li key={i}>{describeNodeError(e)}</li>)}
          </ul>
        )}
      </div>
      {paramNames.length > 0 && (
        <div className="inspector__section">
          <h3 className="inspector__subtitle">Parameters</h3>
          {paramNames.map((name) => (
            <ParamField
              key={name}
              nodeId={node.id}
              name={name}
              spec={layer.params[name]}
              value={Object.hasOwn(node.params, name) ? node.params[name] : layer.params[name].default}
              problem={problemOf(name)}
            />
          ))}
        </div>
      )}
      {layer.inputs.max > 1 && <InputOrder target={node.id} />}
      <FreezeSection node={node} />
      <NodeFeatureMaps nodeId={node.id} kind={node.kind} shape={info?.shape} />
      <div className="inspector__section inspector__actions">
        {layer.composite && (
          <>
            <button type="button" data-testid="inspector-explode" onClick={() => explode(node.id)} title="Replace the block by the layers it is made of (undo brings it back)">
              Explode into layers
            </button>
            <button type="button" data-testid="inspector-branches" onClick={() => toggleExpanded(node.id)} aria-pressed={expanded}>
              {expanded ? 'Hide branches' : 'Show branches'}
            </button>
          </>
        )}
        <button type="button" onClick={duplicate} title="Ctrl+D">Duplicate</button>
        <button type="button" className="button--danger" data-testid="inspector-delete" onClick={removeSelection} title="Delete">Delete</button>
      </div>
    </>
  );
}

function SelectionInspector({ count, edges }: { count: number; edges: number }) {
  const { duplicate, removeSelection, copy, setFrozen, selection } = useEditor(
    useShallow((s) => ({ duplicate: s.duplicate, removeSelection: s.removeSelection, copy: s.copy, setFrozen: s.setFrozen, selection: s.selection })),
  );
  return (
    <div className="inspector__section">
      <h2 className="inspector__title">{count} nodes selected</h2>
      {edges > 0 && <p className="inspector__description">and {edges} {edges === 1 ? 'edge' : 'edges'}</p>}
      <p className="inspector__description">Copy, duplicate or delete them together; edges between them are kept.</p>
      <div className="inspector__actions">
        <button type="button" onClick={copy} title="Ctrl+C">Copy</button>
        <button type="button" onClick={duplicate} title="Ctrl+D">Duplicate</button>
        <button type="button" className="button--danger" onClick={removeSelection} title="Delete">Delete</button>
      </div>
      <div className="inspector__actions inspector__actions--below">
        <button type="button" data-testid="selection-freeze" onClick={() => setFrozen(selection, true)} title="Keep their weights as they are when fine-tuning">Freeze</button>
        <button type="button" data-testid="selection-unfreeze" onClick={() => setFrozen(selection, false)}>Make trainable</button>
      </div>
    </div>
  );
}

function EdgeInspector({ ids }: { ids: readonly string[] }) {
  const edges = useEditor(useShallow((s) => s.doc?.edges.filter((e) => ids.includes(e.id)) ?? []));
  const inference = useEditor((s) => s.inference);
  const removeSelection = useEditor((s) => s.removeSelection);
  return (
    <div className="inspector__section">
      <h2 className="inspector__title">{edges.length === 1 ? 'Edge' : `${edges.length} edges`}</h2>
      <ul className="inspector__edges">
        {edges.map((e) => {
          const shape = inference?.nodes.get(e.source)?.shape;
          return (
            <li key={e.id}>
              <code>{e.source}</code> → <code>{e.target}</code> input {e.targetSlot}
              {shape && <span className="inspector__muted"> · {formatShape(shape)}</span>}
            </li>
          );
        })}
      </ul>
      <div className="inspector__actions">
        <button type="button" className="button--danger" onClick={removeSelection}>Delete</button>
      </div>
    </div>
  );
}
