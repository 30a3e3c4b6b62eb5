type NumberOption = (name: string, value: string | undefined) => number | undefined;

/** A numeric option checked by `ok`; undefined when not given, an error saying what it `expects` otherwise. */
const numberOption = (ok: (n: number) => boolean, expects: string): NumberOption => (name, value) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!ok(n)) throw new Error(`--${name} expects ${expects}, got ${value}`);
  return n;
};

/** An option that must be a whole number of at least 1; undefined when not given. */
export const wholeNumber = numberOption((n) => Number.isInteger(n) && n >= 1, 'a whole number of at least 1');

/** An option that must be a number from 0 to 0.9; undefined when not given. */
export const fraction = numberOption((n) => Number.isFinite(n) && n >= 0 && n <= 0.9, 'a number from 0 to 0.9');

/** An option that must be a whole number of at least 0; undefined when not given. */
export const countNumber = numberOption((n) => Number.isInteger(n) && n >= 0, 'a whole number of at least 0');

/** An option that must be a positive number; undefined when not given. */
export const positiveNumber = numberOption((n) => Number.isFinite(n) && n > 0, 'a positive number');
