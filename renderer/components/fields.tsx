import { useId, useState, type ReactNode } from 'react';

interface NumberFieldProps {
  label: string;
  value: number;
  onChange(value: number): void;
  min?: number;
  max?: number;
  /** Integers only. */
  integer?: boolean;
  help?: ReactNode;
  /** A problem found elsewhere (the config schema). */
  problem?: string;
  testId?: string;
  disabled?: boolean;
}

/** A number input that keeps what is typed and passes on each value that reads as a number in range. */
export function NumberField({ label, value, onChange, min, max, integer, help, problem, testId, disabled }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (Number(draft) !== value) setDraft(String(value));
  }
  const check = (text: string): string | null => {
    if (text.trim() === '' || !Number.isFinite(Number(text))) return 'expected a number';
    const n = Number(text);
    if (integer && !Number.isInteger(n)) return 'expected a whole number';
    if (min !== undefined && n < min) return `at least ${min}`;
    if (max !== undefined && n > max) return `at most ${max}`;
    return null;
  };
  const local = check(draft);
  const message = local ?? problem ?? null;
  return (
    <div className={message ? 'form-field form-field--invalid' : 'form-field'}>
      <label className="form-field__label" htmlFor={id}>{label}</label>
      <input
        id={id}
        className="form-field__input"
        type="text"
        inputMode="decimal"
        value={draft}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          setDraft(e.target.value);
          if (!check(e.target.value)) onChange(Number(e.target.value));
        }}
        aria-invalid={message ? true : undefined}
        title={[min !== undefined ? `min ${min}` : '', max !== undefined ? `max ${max}` : ''].filter(Boolean).join(', ')}
      />
      {message ? <p className="form-field__error">{message}</p> : help ? <p className="form-field__help">{help}</p> : null}
    </div>
  );
}

/** A text input; `problem` comes from the caller's check of the whole option. */
export function TextField({ label, value, onChange, placeholder, help, problem, testId, disabled }: { label: string; value: string; onChange(value: string): void; placeholder?: string; help?: ReactNode; problem?: string; testId?: string; disabled?: boolean }) {
  const id = useId();
  return (
    <div className={problem ? 'form-field form-field--invalid' : 'form-field'}>
      <label className="form-field__label" htmlFor={id}>{label}</label>
      <input id={id} className="form-field__input" type="text" value={value} placeholder={placeholder} disabled={disabled} data-testid={testId}
        onChange={(e) => onChange(e.target.value)} aria-invalid={problem ? true : undefined} />
      {problem ? <p className="form-field__error">{problem}</p> : help ? <p className="form-field__help">{help}</p> : null}
    </div>
  );
}

interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string; disabled?: boolean; title?: string }[];
  onChange(value: T): void;
  help?: ReactNode;
  testId?: string;
  disabled?: boolean;
}

export function SelectField<T extends string>({ label, value, options, onChange, help, testId, disabled }: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className="form-field">
      <label className="form-field__label" htmlFor={id}>{label}</label>
      <select id={id} className="form-field__input" value={value} disabled={disabled} data-testid={testId} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => <option key={o.value} value={o.value} disabled={o.disabled} title={o.title}>{o.label}</option>)}
      </select>
      {help && <p className="form-field__help">{help}</p>}
    </div>
  );
}

export function CheckField({ label, checked, onChange, help, testId, disabled }: { label: string; checked: boolean; onChange(checked: boolean): void; help?: ReactNode; testId?: string; disabled?: boolean }) {
  return (
    <div className="form-field form-field--check">
      <label className="form-field__check">
        <input type="checkbox" checked={checked} disabled={disabled} data-testid={testId} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      {help && <p className="form-field__help">{help}</p>}
    </div>
  );
}

/** A titled group of a screen. */
export function Panel({ title, children, actions, testId, className }: { title: ReactNode; children: ReactNode; actions?: ReactNode; testId?: string; className?: string }) {
  return (
    <section className={className ? `panel ${className}` : 'panel'} data-testid={testId}>
      <header className="panel__head">
        <h2 className="panel__title">{title}</h2>
        {actions && <div className="panel__actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
