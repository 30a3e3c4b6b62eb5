import { useState, type KeyboardEvent } from 'react';
import type { ParamValue } from '../../../src/graph/types';
import type { ParamSpec } from '../../../src/layers/params';
import { useEditor } from '../../state/designStore';
import { formatValue, parseDraft, rangeHint, sameValue } from './paramDraft';
import { CodeText } from '../../components/CodeText';

/** `ceilMode` → `Ceil mode`, `out1x1` → `Out1x1`. */
export const fieldLabel = (name: string): string => {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

interface ParamFieldProps {
  nodeId: string;
  name: string;
  spec: ParamSpec;
  value: ParamValue;
  /** What is wrong with the stored value (range) or what it causes (kernel larger than the input). */
  problem: string | null;
}

/**
 * One field of the inspector, generated from the param's declaration. Every keystroke goes into the
 * design (so shapes update as you type): text that is no number goes in as text, so the node and the
 * field show the same error, from the same check. One field's keystrokes are one undo step.
 */
export function ParamField({ nodeId, name, spec, value, problem }: ParamFieldProps) {
  const setParam = useEditor((s) => s.setParam);
  const endTyping = useEditor((s) => s.endTyping);
  const [draft, setDraft] = useState(formatValue(value));
  const [seen, setSeen] = useState(value);
  if (!sameValue(seen, value)) {
    // Changed from outside (undo, another field): show the stored value unless the draft already means it.
    setSeen(value);
    const parsed = parseDraft(spec, draft);
    if (parsed.ok ? !sameValue(parsed.value, value) : draft !== value) setDraft(formatValue(value));
  }
  const id = `param-${nodeId}-${name}`;
  const message = problem;
  const range = rangeHint(spec);

  const type = (text: string) => {
    setDraft(text);
    const parsed = parseDraft(spec, text);
    const next = parsed.ok ? parsed.value : text;
    if (!sameValue(next, value)) setParam(nodeId, name, next);
  };

  const step = (event: KeyboardEvent) => {
    if ((spec.type !== 'int' && spec.type !== 'padding' && spec.type !== 'axes') || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    if (typeof value !== 'number') return;
    event.preventDefault();
    const next = value + (event.key === 'ArrowUp' ? 1 : -1);
    if (next >= (spec.type === 'padding' ? 0 : spec.min) && next <= spec.max) type(String(next));
  };

  let control;
  if (spec.type === 'bool') {
    control = (
      <input
        id={id}
        type="checkbox"
        data-testid={`param-${name}`}
        checked={value === true}
        onChange={(e) => {
          setParam(nodeId, name, e.target.checked);
          endTyping();
        }}
      />
    );
  } else if (spec.type === 'enum') {
    control = (
      <select
        id={id}
        data-testid={`param-${name}`}
        value={String(value)}
        onChange={(e) => {
          setParam(nodeId, name, e.target.value);
          endTyping();
        }}
      >
        {spec.options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    );
  } else {
    control = (
      <input
        id={id}
        type="text"
        inputMode={spec.type === 'float' ? 'decimal' : spec.type === 'int' ? 'numeric' : 'text'}
        spellCheck={false}
        autoComplete="off"
        data-testid={`param-${name}`}
        aria-invalid={message ? true : undefined}
        aria-describedby={`${id}-help`}
        value={draft}
        onChange={(e) => type(e.target.value)}
        onKeyDown={step}
        onBlur={endTyping}
      />
    );
  }

  return (
    <div className={message ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={id}>
        <span>{fieldLabel(name)}</span>
        {range && <span className="field__range">{range}</span>}
      </label>
      <div className="field__control">{control}</div>
      <div className="field__help" id={`${id}-help`}><CodeText text={spec.help} /></div>
      {message && <div className="field__error" role="alert" data-testid={`param-error-${name}`}>{message}</div>}
    </div>
  );
}
