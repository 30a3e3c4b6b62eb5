import { existsSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slow test files (over about 3 s in a full CI run on the 2-core VM, 2026-12-06; docs/ci.md), slowest first.
 * Started first, they run beside the many short files instead of leaving one worker alone with a long file at the
 * end; a fresh clone has no Vitest timing cache, so this list stands in for it.
 */
export const SLOWEST_TEST_FILES = [
  'src/import/fineTuneFamilies.test.ts',
  'src/cli/cli.test.ts',
  'src/import/torchvision.test.ts',
  'src/export/int8/presetsInt8.test.ts',
  'src/import/torchvisionModern.test.ts',
  'src/export/tflite/writeTfliteInt8.test.ts',
  'src/service/training.test.ts',
  'src/train/accuracy.test.ts',
  'src/cli/predictFolder.test.ts',
  'src/cli/errorAnalysisCommands.test.ts',
  'src/import/tfjs/roundTrip.test.ts',
  'src/export/stockTfjs.test.ts',
  'src/cli/gradCamCommand.test.ts',
  'src/export/onnx/viaTorch.test.ts',
  'src/torch/weights.test.ts',
  'src/data/sampleShapes.test.ts',
  'src/import/tfjs/exportRoundTrip.test.ts',
  'src/service/inferenceRuntime.test.ts',
  'src/infer/runtimes.test.ts',
  'src/export/onnx/writeOnnx.test.ts',
  'src/torchRun/export.test.ts',
  'src/train/fineTuneMargin.test.ts',
  'src/service/exportProfile.test.ts',
  'src/export/int8/writeOnnxInt8.test.ts',
  'src/torchRun/finetune.test.ts',
  'src/service/crash.test.ts',
  'src/infer/gradCam.test.ts',
  'src/service/torchSuspects.test.ts',
  'src/export/tflite/writeTflite.test.ts',
  'src/torchRun/sameSplit.test.ts',
  'src/service/torchTraining.test.ts',
  'src/train/googlenet.test.ts',
  'src/train/checkpoint.test.ts',
  'src/cli/fixCommand.test.ts',
  'src/torchRun/runner.test.ts',
  'src/service/classifications.test.ts',
  'src/train/run.test.ts',
  'src/export/modelCard.test.ts',
  'src/torchRun/runner.torchrun.test.ts',
  'src/service/tfjsGradCams.test.ts',
  'src/service/torchGradCams.test.ts',
  'src/train/lrFinder.test.ts',
  'src/service/onnxExport.test.ts',
  'src/torch/codegen.test.ts',
  'src/service/service.test.ts',
  'src/train/step.test.ts',
  'src/train/badFiles.test.ts',
  'src/torch/inceptionV3.test.ts',
  'src/import/onnx/roundTrip.test.ts',
  'src/data/batches.test.ts',
  'src/service/fineTuning.test.ts',
  'src/service/engines/torchEngine.test.ts',
];

/** Vitest's own order (failed first, then by cached duration or size), with the listed files moved to the front. */
export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const gone = SLOWEST_TEST_FILES.filter((file) => !existsSync(path.join(root, file)));
    if (gone.length) throw new Error(`scripts/slowestFirstSequencer.ts lists test files that are no longer there: ${gone.join(', ')}`);
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = SLOWEST_TEST_FILES.indexOf(path.relative(root, spec.moduleId).split(path.sep).join('/'));
      return index === -1 ? SLOWEST_TEST_FILES.length : index;
    };
    return sorted.map((spec, order) => ({ spec, order, rank: rank(spec) }))
      .sort((a, b) => a.rank - b.rank || a.order - b.order)
      .map(({ spec }) => spec);
  }
}
