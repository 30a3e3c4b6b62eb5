import { useShallow } from 'zustand/react/shallow';
import { formatShape } from '../../../src/shapeMath/shape';
import { useEditor } from '../../state/designStore';

/** The inputs of a Concat or Add in slot order, with buttons to move one up or down. */
export function InputOrder({ target }: { target: string }) {
  const edges = useEditor(useShallow((s) => (s.doc?.edges ?? []).filter((e) => e.target === target)));
  const inference = useEditor((s) => s.inference);
  const reorderInputs = useEditor((s) => s.reorderInputs);
  const sorted = [...edges].sort((a, b) => a.targetSlot - b.targetSlot);
  const slots = sorted.map((e) => e.targetSlot);

  const move = (index: number, by: -1 | 1) => {
    const order = [...slots];
    [order[index], order[index + by]] = [order[index + by], order[index]];
    reorderInputs(target, order);
  };

  return (
    <div className="inspector__section">
      <h3 className="inspector__subtitle">Inputs, in order</h3>
      {sorted.length === 0 && <p className="inspector__description">Connect layers to this node; their order is the order of its inputs.</p>}
      <ol className="input-order" data-testid="input-order">
        {sorted.map((edge, i) => {
          const shape = inference?.nodes.get(edge.source)?.shape;
          return (
            <li key={edge.id} className="input-order__item">
              <span className="input-order__slot">{i}</span>
              <code className="input-order__source" title={edge.source}>{edge.source}</code>
              <span className="input-order__shape">{shape ? formatShape(shape) : '—'}</span>
              <button type="button" aria-label={`Move ${edge.source} up`} data-testid={`input-up-${i}`} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
              <button type="button" aria-label={`Move ${edge.source} down`} data-testid={`input-down-${i}`} disabled={i === sorted.length - 1} onClick={() => move(i, 1)}>↓</button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
