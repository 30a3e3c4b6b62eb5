import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { listPresets } from '../graph/presets';
import { enginesCommand } from './enginesCommand';
import { inspectCommand } from './inspectCommand';
import { serveCommand } from './serveCommand';

const HELP = `Inception Studio — design convolutional networks and train them on your images.

Usage:
  inception inspect (FILE | --preset NAME) [--json]   shapes, parameters and MACs of a design
  inception serve [--port N] [--host H] [--open] [--root DIR]...
                                                      run the app in your browser
  inception engines [--json]                          which engines and backends run here, and why not
  inception presets                                   list the built-in designs
  inception help                                      this text`;

const out = (text: string) => process.stdout.write(text + '\n');
const err = (text: string) => process.stderr.write(text + '\n');

/** The app root: dist/node/cli.mjs lives two levels below it. */
const appRoot = () => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'inspect': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { preset: { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      if (positionals.length > 1) throw new Error('inspect takes one graph FILE');
      return inspectCommand({ file: positionals[0], preset: values.preset, json: values.json ?? false }, out);
    }
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: {
          port: { type: 'string', default: '0' },
          host: { type: 'string', default: '127.0.0.1' },
          open: { type: 'boolean', default: false },
          root: { type: 'string', multiple: true, default: [] },
          workspace: { type: 'string' },
        },
      });
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port expects 0 to 65535, got ${values.port}`);
      await serveCommand({ port, host: values.host!, open: values.open!, roots: values.root!, workspace: values.workspace }, appRoot(), out);
      return 0;
    }
    case 'engines': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } } });
      return enginesCommand(values.json ?? false, out);
    }
    case 'presets':
      for (const p of listPresets()) out(`${p.name.padEnd(14)} ${p.title} — ${p.description}`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(HELP);
      return 0;
    default:
      err(`unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    err(`inception: ${error.message}`);
    process.exitCode = 2;
  },
);
