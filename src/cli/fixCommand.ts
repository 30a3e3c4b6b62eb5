import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FolderFix } from '../contract/errorAnalysis';
import { wholeNumber } from './options';
import { cliService } from './cliService';

type Out = (text: string) => void;

export const FIX_USAGE = `usage: inception fix DATA --move FILE --to CLASS [--run RUN]
       inception fix DATA --exclude FILE [--run RUN]
       inception fix DATA --undo [--id N]
       inception fix DATA --list [--json]`;

const describe = (f: FolderFix) =>
  `${String(f.id).padStart(3)}. ${f.action}${f.undoes ? ` of ${f.undoes}` : ''}${f.undone ? ' (undone)' : ''}: ${f.from} → ${f.to}${f.runId ? ` [run ${f.runId}]` : ''}`;

/** `inception fix`: move a file to another class, exclude it into the quarantine beside the data, undo, or list the changes. */
export async function fixCommand(args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      move: { type: 'string' },
      to: { type: 'string' },
      exclude: { type: 'string' },
      undo: { type: 'boolean', default: false },
      id: { type: 'string' },
      list: { type: 'boolean', default: false },
      run: { type: 'string' },
      json: { type: 'boolean', default: false },
      workspace: { type: 'string' },
    },
  });
  const actions = [values.move !== undefined, values.exclude !== undefined, values.undo, values.list].filter(Boolean).length;
  if (positionals.length !== 1 || actions !== 1 || (values.move !== undefined && !values.to)) throw new Error(FIX_USAGE);
  const api = cliService(values.workspace);
  const dataDir = path.resolve(positionals[0]);
  if (values.list) {
    const fixes = await api.listFolderFixes(dataDir);
    if (values.json) out(JSON.stringify(fixes));
    else out(fixes.length ? fixes.map(describe).join('\n') : `no changes to ${dataDir}`);
    return 0;
  }
  const runId = values.run;
  const fix = values.undo
    ? await api.undoFolderFix(dataDir, wholeNumber('id', values.id))
    : values.move !== undefined
      ? await api.fixFolder(dataDir, { action: 'move', file: path.resolve(values.move), toClass: values.to!, runId })
      : await api.fixFolder(dataDir, { action: 'exclude', file: path.resolve(values.exclude!), runId });
  out(values.json ? JSON.stringify(fix) : describe(fix));
  return 0;
}
