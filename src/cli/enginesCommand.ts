import type { TorchCpuPrecision } from '../contract/engines';
import { createService } from '../service/service';

/** The PyTorch engine's measured CPU precision, or when it will be measured. */
export function cpuPrecisionLine(choice: TorchCpuPrecision | null): string {
  if (!choice) return 'not measured yet: the first CPU run with --precision auto measures fp32, fp32 + channels_last (and bf16 where the CPU has it) and caches the fastest for this machine';
  return choice.why;
}

/** `inception engines`: which engines and backends run here, and why the others do not. */
export async function enginesCommand(json: boolean, out: (text: string) => void): Promise<number> {
  const api = createService({ host: 'browser' });
  const [report, host] = await Promise.all([api.engines(), api.hostInfo()]);
  if (json) {
    out(JSON.stringify({ ...report, electron: host.electron }));
    return 0;
  }
  const lines: string[] = [];
  for (const engine of report.engines) {
    lines.push(`${engine.title}: ${engine.available ? `uses ${engine.active}` : 'not available'}`);
    for (const b of engine.backends) {
      const mark = b.name === engine.active ? '●' : b.available ? '○' : '✗';
      lines.push(`  ${mark} ${b.name.padEnd(15)} ${b.available ? b.detail ?? 'available' : b.reason}`);
    }
    if (engine.id === 'torch' && engine.available) lines.push(`  CPU precision (--precision auto): ${cpuPrecisionLine(engine.cpuPrecision ?? null)}`);
  }
  lines.push(`Electron: ${host.electron.available ? 'available' : host.electron.reason}`);
  out(lines.join('\n'));
  return 0;
}
