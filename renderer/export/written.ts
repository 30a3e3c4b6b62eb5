import type { ExportWritten } from '../../src/service/api';

/** `PyTorch bundle: 19 files, no weights, written to`: what one export wrote, for the dialog. */
export function writtenSummary(d: ExportWritten & { format: string }): string {
  const files = `${d.files.length} file${d.files.length === 1 ? '' : 's'}`;
  return `${d.format}: ${files}${d.weights ? '' : ', no weights,'} written to`;
}
