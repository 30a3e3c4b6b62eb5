/** An import the file cannot make: the message says what was expected, what was found and where. */
export class ImportError extends Error {}

/** Thrown when operators have no mapping; lists every one that stopped the import, with node names. */
export class UnsupportedOperatorsError extends ImportError {
  /** `preface`: what the whole model is, when that says more than the list (an attention model). */
  constructor(readonly refusals: { op: string; node: string; reason: string }[], preface = '') {
    const ops = [...new Set(refusals.map((r) => r.op))].sort();
    super(
      `cannot import: ${preface}${refusals.length} node(s) have no mapping onto our node kinds (operators: ${ops.join(', ')}): ` +
        refusals.slice(0, 20).map((r) => `${r.op} "${r.node}" (${r.reason})`).join('; ') +
        (refusals.length > 20 ? `; and ${refusals.length - 20} more` : ''),
    );
  }
}
