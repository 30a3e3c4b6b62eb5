import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PROFILED_FORMATS } from '../contract/apiTypes';
import { listPresets } from '../graph/presets';
import { createService } from '../service/service';
import { enginesCommand } from './enginesCommand';
import { closeCommandServices } from './cliService';
import { cliErrorMessage } from './errorOptions';
import { featuresCommand } from './featuresCommand';
import { gradCamCommand } from './gradCamCommand';
import { lossesCommand } from './lossesCommand';
import { suspectsCommand } from './suspectsCommand';
import { fixCommand } from './fixCommand';
import { inspectCommand } from './inspectCommand';
import { renameCommand, runsCommand } from './runsCommands';
import { wholeNumber } from './options';
import { parseTrainArgs } from './trainArgs';
import { cliService, runtimeOption } from './cliService';
import { evaluateCommand, predictCommand, predictFolder } from './evaluateCommands';
import { exportCommand } from './exportCommand';
import { findLrCommand } from './findLrCommand';
import { resumeCommand, trainCommand } from './trainCommand';

const HELP = `Inception Studio — design convolutional networks and train them on your images.

Usage:
  inception inspect (FILE | --preset NAME) [--json]   shapes, parameters and MACs of a design
  inception serve [--port N] [--host H] [--open] [--root DIR]...
                                                      run the app in your browser
  inception train (FILE | --preset NAME) --data DIR [--val DIR | --val-fraction F] [--epochs N] [--batch N] [--lr X] [--seed N]
                  [--resize SIZE:EPOCHS[,SIZE:EPOCHS…]] [--recipe PRESET] [--engine auto|tfjs|torch] [--backend NAME] [--fix-classes] [--json]
                  [--init RUN] [--freeze-up-to NODE]                  (fine-tuning)
                  [--device auto|cpu|mps|cuda[:N]] [--precision auto|fp32|bf16|fp16] [--processes N]   (torch)
                  [--nnodes N --node-rank I --rdzv-endpoint HOST:PORT] [--max-restarts N] [--checkpoint-every STEPS]
                                                      train on an image folder (one sub-folder per class);
                                                      a preset starts from its recipe (epochs, batch, optimizer, schedule),
                                                      a FILE from a preset's with --recipe PRESET;
                                                      --engine auto (the default) measures once which engine is faster here;
                                                      several machines: the same command on each, torchrun's c10d rendezvous;
                                                      --init RUN starts from a finished run's (or imported model's) weights,
                                                      with its design unless FILE/--preset is given, and a new head when the
                                                      classes differ; --freeze-up-to NODE keeps NODE and all before it as they are;
                                                      --resize 48:1,64:1 trains the first epochs on smaller images
                                                      (progressive resizing; validation at the design's size)
  inception find-lr (FILE | --preset NAME) --data DIR [--batch N] [--json]
                                                      a learning-rate range test: the loss curve and a suggested --lr
  inception resume RUN [--epochs N] [--json]          continue a stopped or interrupted run; --epochs: train on to N in all
  inception evaluate RUN --data DIR [--json]          accuracy, top-5, per-class precision/recall, confusion
  inception predict RUN IMAGE... [--json]             top-5 classes with probabilities
  inception predict RUN FOLDER [--csv FILE] [--json]  every image under FOLDER (any depth): CSV rows, JSON lines
                                                      or one line each; unreadable files listed as skipped
                  evaluate and predict take [--runtime auto|onnx|tfjs]: auto (the default) measures once per
                                                      machine and design size which is faster here (ONNX Runtime
                                                      on the run's own ONNX export, or TF.js) and says why
  inception features RUN IMAGE --out grid.png [--node N] [--limit K] [--json]
                                                      one image's feature maps at node N (default: the last feature map)
                                                      as a grid, channels by mean activation, in one value range
  inception gradcam RUN IMAGE --out heat.png [--class C] [--node N] [--engine tfjs|torch] [--random-head] [--json]
                                                      Grad-CAM: where the model looked for class C (default: the predicted one)
                                                      at node N (default: the last feature map), drawn over the image;
                                                      --random-head: the sanity check with the classifier randomised
  inception losses RUN [--limit N] [--json]          the validation images sorted by loss (given label, predicted, probability)
                                                      and the most confused pairs of classes with counts
  inception suspects RUN [--folds K] [--epochs N] [--engine tfjs|torch] [--limit N] [--json]
                                                      likely mislabelled files: out-of-sample probabilities from K-fold
                                                      cross-validation (default 4) and confident learning, with the class proposed
  inception fix DATA (--move FILE --to CLASS | --exclude FILE) [--run RUN] | --undo [--id N] | --list [--json]
                                                      fix a labelled folder: move a file to another class, or exclude it into
                                                      DATA.quarantine beside it; nothing deleted, every change logged and undoable
  inception export (RUN | GRAPH) --format tfjs|graph|pytorch|pytorch-bundle|onnx|onnx-int8|tflite|tflite-int8 [--out DIR] [--calibration DIR] [--profile] [--json]
                                                      write the model files (a GRAPH design file: pytorch code, bundle, or ONNX with its seeded initial weights)
                                                      onnx-int8, tflite-int8: print the accuracy change on the validation split and the size change
                                                      --json: one JSON object (files, quantization, profile)
                                                      --profile (onnx, onnx-int8, tflite, tflite-int8, tfjs): size, peak memory, batch-1 latency in onnxruntime-node
                                                      and in Chromium (CHROMIUM_PATH or an installed one) into profile.json and the card
  inception import (MODEL.onnx | model.json) [--name N] [--mean a,b,c --std a,b,c] [--size H[,W]] [--labels FILE] [--json]
                                                      a model made elsewhere as a design with its weights (a finished run)
  inception engines [--json]                          which engines and backends run here, and why not
  inception runs [--json]                             every run: name, data folder, classes, best epoch, accuracy, time
  inception rename RUN NAME                           give a run its own name ("" goes back to the design's)

RUN is a run id (from the workspace's runs/ folder) or the path of a run folder.
The workspace is $INCEPTION_WORKSPACE, else ~/InceptionStudio; --workspace DIR overrides it.
  inception presets                                   list the built-in designs
  inception sample [--workspace DIR]                  write a sample image folder (4 shapes) to train on
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
      const { serveCommand } = await import('./serveCommand');
      await serveCommand({ port, host: values.host!, open: values.open!, roots: values.root!, workspace: values.workspace }, appRoot(), out);
      return 0;
    }
    case 'train':
      return trainCommand(parseTrainArgs(rest), out);
    case 'find-lr': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { preset: { type: 'string' }, data: { type: 'string' }, batch: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean', default: false }, workspace: { type: 'string' } },
      });
      if (!values.data) throw new Error('find-lr needs --data DIR: a folder with one sub-folder per class');
      return findLrCommand(
        { graphFile: positionals[0], preset: values.preset, data: values.data, batch: wholeNumber('batch', values.batch), backend: values.backend, json: values.json!, workspace: values.workspace },
        out,
      );
    }
    case 'resume': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { json: { type: 'boolean', default: false }, workspace: { type: 'string' }, epochs: { type: 'string' } },
      });
      if (positionals.length !== 1) throw new Error('resume takes one RUN');
      return resumeCommand(positionals[0], values.json!, out, values.workspace, wholeNumber('epochs', values.epochs));
    }
    case 'evaluate': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { data: { type: 'string' }, json: { type: 'boolean', default: false }, workspace: { type: 'string' }, runtime: { type: 'string' } },
      });
      if (positionals.length !== 1 || !values.data) throw new Error('usage: inception evaluate RUN --data DIR [--runtime auto|onnx|tfjs]');
      return evaluateCommand(positionals[0], values.data, values.json!, out, values.workspace, runtimeOption(values.runtime));
    }
    case 'predict': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { json: { type: 'boolean', default: false }, workspace: { type: 'string' }, csv: { type: 'string' }, runtime: { type: 'string' } },
      });
      const runtime = runtimeOption(values.runtime);
      if (positionals.length < 2) throw new Error('usage: inception predict RUN IMAGE... | inception predict RUN FOLDER [--csv FILE]');
      const [run, ...targets] = positionals;
      if (targets.length === 1 && statSync(targets[0], { throwIfNoEntry: false })?.isDirectory()) {
        return predictFolder(run, targets[0], { csv: values.csv, json: values.json! }, out, values.workspace, runtime);
      }
      if (values.csv !== undefined) throw new Error('--csv goes with a FOLDER: inception predict RUN FOLDER --csv FILE');
      return predictCommand(run, targets, values.json!, out, values.workspace, runtime);
    }
    case 'export': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { format: { type: 'string', default: 'tfjs' }, out: { type: 'string' }, workspace: { type: 'string' }, calibration: { type: 'string' }, profile: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
      if (positionals.length !== 1) throw new Error('usage: inception export (RUN | GRAPH) --format tfjs|graph|pytorch|pytorch-bundle|onnx|onnx-int8|tflite|tflite-int8 [--out DIR] [--calibration DIR] [--profile] [--json]');
      if (values.calibration !== undefined && values.format !== 'onnx-int8' && values.format !== 'tflite-int8') throw new Error(`--calibration goes with --format onnx-int8 or tflite-int8, not ${values.format}`);
      if (values.profile && !PROFILED_FORMATS.includes(values.format!)) throw new Error(`--profile measures a model file: --format ${PROFILED_FORMATS.join('|')}`);
      return exportCommand(positionals[0], values.format!, values.out, out, values.workspace, { calibration: values.calibration && path.resolve(values.calibration), profile: values.profile || undefined }, values.json!);
    }
    case 'import':
      return (await import('./importCommand')).importCommand(rest, out);
    case 'gradcam':
      return gradCamCommand(rest, out);
    case 'features':
      return featuresCommand(rest, out);
    case 'losses':
      return lossesCommand(rest, out);
    case 'suspects':
      return suspectsCommand(rest, out);
    case 'fix':
      return fixCommand(rest, out);
    case 'engines': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } } });
      return enginesCommand(values.json ?? false, out);
    }
    case 'runs': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false }, workspace: { type: 'string' } } });
      return runsCommand(cliService(values.workspace), values.json!, out);
    }
    case 'rename': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { workspace: { type: 'string' } } });
      if (positionals.length !== 2) throw new Error('usage: inception rename RUN NAME');
      return renameCommand(cliService(values.workspace), positionals[0], positionals[1], out);
    }
    case 'sample': {
      const { values } = parseArgs({ args: rest, options: { workspace: { type: 'string' } } });
      const sample = await createService({ host: 'browser', workspace: values.workspace }).makeSampleDataset();
      out(`${sample.created ? 'wrote' : 'already there:'} ${sample.images} generated pictures of ${sample.classes.join(', ')} in ${sample.dir}`);
      out(`train on it: inception train --preset small-cnn --data "${sample.dir}" --fix-classes --lr 0.005`);
      return 0;
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

main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      err(`inception: ${cliErrorMessage(error)}`);
      process.exitCode = 2;
    },
  )
  .finally(() => closeCommandServices());
