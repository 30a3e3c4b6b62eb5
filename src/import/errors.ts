/** An import the file cannot make: the message says what was expected, what was found and where. */
export class ImportError extends Error {}

/** What imports map onto, in words: the node kinds a design is built from. */
export const IMPORTABLE_LAYERS =
  'convolutions (plain, grouped and depthwise, windows per axis), BatchNorm, LayerNorm over channels, layer scale, ' +
  'ReLU, ReLU6, Sigmoid, SiLU, HardSigmoid, Hardswish, GELU, squeeze-excitation gates (Multiply), max and average ' +
  'pooling, global average pooling, channel shuffle, channel split (slices), Concat, Add, Flatten, Dense, Dropout and Softmax';

/** The refusals listed in full up to this many; the rest are counted. */
const LISTED = 50;

/**
 * Thrown when operators have no mapping; lists every one that stopped the import, with node names, after a
 * summary of what is supported and what to do (one line each, then one line per node).
 */
export class UnsupportedOperatorsError extends ImportError {
  /** `preface`: what the whole model is, when that says more than the list (an attention model). */
  constructor(readonly refusals: { op: string; node: string; reason: string }[], preface = '') {
    const ops = [...new Set(refusals.map((r) => r.op))].sort();
    super([
      `cannot import: ${preface}${refusals.length} node(s) use operators that do not map onto the app's layers (operators: ${ops.join(', ')}).`,
      `Supported: ${IMPORTABLE_LAYERS}.`,
      'What to do: export the model without these operators (replaced by supported ones), or build the network in Design from the supported layers.',
      'The nodes:',
      ...refusals.slice(0, LISTED).map((r) => `- ${r.op} "${r.node}" (${r.reason})`),
      ...(refusals.length > LISTED ? [`- and ${refusals.length - LISTED} more`] : []),
    ].join('\n'));
  }
}
