/**
 * A training error as the user should read it. The WebAssembly backend's abort ("Aborted(). Build with
 * -sASSERTIONS …") means its heap, at most 4 GB, could not grow: it names no cause and no way out.
 */
export function explainTrainingError(message: string): string {
  if (/^Aborted\(/.test(message)) {
    return 'the WebAssembly backend stopped: it most likely ran out of its 4 GB of memory. '
      + 'Try a smaller batch size (or a smaller input size), then resume: the run continues from its last checkpoint.';
  }
  return message;
}
