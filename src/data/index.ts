// The data pipeline: image-folder scan, split, decode (sharp), augment, statistics and streaming
// batches decoded by worker threads. No tfjs here: batches are plain typed arrays.
export { type AugmentDraw, drawAugmentation, isNoAugment } from './augment';
export { type Batch, type BatchOptions, batches, BatchStream, type BatchStreamStats } from './batches';
export { decodeBmp, type RawImage } from './bmp';
export { decodeBasePixels, decodeImage, type DecodeOptions } from './decode';
export type { DecodeOutcome, DecodeResult, DecodeTask } from './decodeTask';
export { BadImageError, DataError } from './errors';
export { hasImageExtension, IMAGE_EXTENSIONS, type ImageFormat, sniffImageFormat } from './formats';
export { DecodePool, type DecodePoolOptions, defaultWorkerCount } from './pool';
export { deriveSeed, mulberry32, type Rng, shuffleInPlace } from './random';
export { buildSkippedReport, SKIP_CODES, type SkipCode, type SkippedFile, type SkippedReport } from './report';
export { naturalCompare } from './naturalOrder';
export { type ClassSummary, type DatasetScan, type Sample, scanImageFolder, type ScanOptions, withClassOrder } from './scan';
export { DEFAULT_MAX_PIXELS, type PixelSpec } from './sharpDecode';
export { countsOf, type DatasetSplit, splitDataset, type SplitOptions, splitWithValidationFolder } from './split';
export { ensureRunSplit, readRunSplit, RUN_SPLIT_FILE, type RunSplit, type RunSplitOptions, runSplitPath, runSplitSchema, splitForRun, splitMatches, splitOptionsOf, writeRunSplit } from './runSplit';
export { assertPreprocessSpec, identityNormalisation, MAX_OUTPUT_SIDE, type PreprocessSpec, preprocessSpecSchema, sampleLength } from './spec';
export { type ChannelStats, measureMeanStd, type MeasureOptions } from './stats';
export { BUNDLED_WORKER_NAME, compileEntryFromSource, resolveDecodeWorker } from './workerLocation';
export { countImageFiles, walkImageFiles, type WalkEntry } from './walk';
