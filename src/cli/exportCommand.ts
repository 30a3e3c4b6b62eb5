import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { EXPORT_FORMATS } from '../contract/apiTypes';
import { quantizationSummary } from '../contract/quantizationSummary';
import { parseGraphText } from '../graph/schema';
import type { ExportFormat, ExportOptions } from '../service/api';
import { TORCH_EXPORTS } from '../torchRun';
import { cliService, runIdOf, type Out } from './cliService';

export async function exportCommand(run: string, format: string, outDir: string | undefined, out: Out, workspace?: string, options: ExportOptions = {}, json = false): Promise<number> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new Error(`--format expects one of ${EXPORT_FORMATS.join(', ')}, got ${format}`);
  if (run.endsWith('.json') && !existsSync(path.join(path.dirname(path.resolve(run)), 'config.json'))) {
    // A design file rather than a run: code, or ONNX / TFLite with the seeded initial weights.
    if (format !== 'pytorch' && format !== 'pytorch-bundle' && format !== 'onnx' && format !== 'tflite') throw new Error(`a design file exports as pytorch, pytorch-bundle, onnx or tflite; ${format} needs a trained run`);
    if (!outDir) throw new Error('give --out DIR for a design file');
    const parsed = parseGraphText(await readFile(run, 'utf8'), run);
    if (!parsed.ok) throw new Error(`${run}: ${parsed.errors[0].message}`);
    const writer = format === 'onnx' ? (await import('../export/onnx')).writeOnnx : format === 'tflite' ? (await import('../export/tflite')).writeTflite : TORCH_EXPORTS[format];
    const written = await writer(parsed.graph, path.resolve(outDir));
    out(json ? JSON.stringify({ dir: written.outDir, files: written.files, weights: false }) : `wrote ${written.files.join(', ')} to ${written.outDir}`);
    return 0;
  }
  const { runId, workspace: ws } = runIdOf(run);
  const result = await cliService(ws ?? workspace).exportRun(runId, format as ExportFormat, outDir ? path.resolve(outDir) : null, options.calibration || options.profile ? options : undefined);
  if (json) {
    out(JSON.stringify(result));
    return 0;
  }
  for (const warning of result.warnings ?? []) out(`warning: ${warning}`);
  out(`wrote ${result.files.join(', ')} to ${result.dir}`);
  if (result.quantization) quantizationSummary(result.quantization).forEach((line) => out(line));
  return 0;
}
