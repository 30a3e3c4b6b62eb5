/** An option that must be a whole number of at least 1; undefined when not given. */
export function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} expects a whole number of at least 1, got ${value}`);
  return n;
}

/** An option that must be a number from 0 to 0.9; undefined when not given. */
export function fraction(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 0.9) throw new Error(`--${name} expects a number from 0 to 0.9, got ${value}`);
  return n;
}

/** An option that must be a whole number of at least 0; undefined when not given. */
export function countNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} expects a whole number of at least 0, got ${value}`);
  return n;
}

/** An option that must be a positive number; undefined when not given. */
export function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} expects a positive number, got ${value}`);
  return n;
}
