/** Output length of a convolution along one axis, with PyTorch semantics (explicit symmetric padding). */
export function convOutputLength(input: number, kernel: number, stride: number, padding: number, dilation = 1): number {
  return Math.floor((input + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;
}

/**
 * Output length of a pooling window along one axis, as `torch.nn.MaxPool2d` / `AvgPool2d` compute it:
 * in ceil mode the last window must still start inside the input or the left padding.
 */
export function poolOutputLength(input: number, kernel: number, stride: number, padding: number, ceilMode: boolean): number {
  const span = input + 2 * padding - kernel;
  let out = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  if (ceilMode && (out - 1) * stride >= input + padding) out -= 1;
  return out;
}

/** Total padding that `same` adds along one axis for a stride-1 convolution; PyTorch puts the odd unit at the end. */
export function samePadding(kernel: number, dilation = 1): { before: number; after: number } {
  const total = dilation * (kernel - 1);
  const before = Math.floor(total / 2);
  return { before, after: total - before };
}
