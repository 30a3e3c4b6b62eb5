import { createService } from '../service/service';

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
  }
  lines.push(`Electron: ${host.electron.available ? 'available' : host.electron.reason}`);
  out(lines.join('\n'));
  return 0;
}
