import { useMemo, useState, type KeyboardEvent } from 'react';
import { useAddLayer } from '../canvas/useAddLayer';
import { searchLayers } from './layerSearch';

/**
 * The quick-add box, opened by typing a letter on the canvas: filter layers by name, arrows to
 * choose, Enter to add below the selected node (connected) or at the centre of the view.
 */
export function QuickAdd({ initial, onClose }: { initial: string; onClose(): void }) {
  const [query, setQuery] = useState(initial);
  const [active, setActive] = useState(0);
  const add = useAddLayer();
  const found = useMemo(() => searchLayers(query).slice(0, 8), [query]);
  const current = Math.min(active, Math.max(found.length - 1, 0));

  const choose = (kind: string) => {
    add(kind);
    onClose();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const by = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + by + found.length) % Math.max(found.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (found[current]) choose(found[current].kind);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  return (
    <div className="quick-add" role="dialog" aria-label="Add a layer" data-testid="quick-add">
      <input
        className="quick-add__input"
        data-testid="quick-add-input"
        autoFocus
        value={query}
        placeholder="Add a layer…"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={onClose}
        role="combobox"
        aria-expanded="true"
        aria-controls="quick-add-list"
        aria-activedescendant={found[current] ? `quick-add-${found[current].kind}` : undefined}
      />
      <ul className="quick-add__list" id="quick-add-list" role="listbox">
        {found.map((layer, i) => (
          <li
            key={layer.kind}
            id={`quick-add-${layer.kind}`}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'quick-add__item quick-add__item--active' : 'quick-add__item'}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(layer.kind);
            }}
            onMouseEnter={() => setActive(i)}
          >
            <span className="quick-add__title">{layer.title}</span>
            <span className="quick-add__category">{layer.category}</span>
          </li>
        ))}
        {found.length === 0 && <li className="quick-add__empty">No layer matches “{query}”.</li>}
      </ul>
    </div>
  );
}
