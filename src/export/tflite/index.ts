/**
 * TFLite written by our own code (FlatBuffer, schema v3), checked in stock LiteRT.js:
 * `writeTflite(runOrDesign, outDir)`. See docs/exports.md.
 */
export { TfliteExportError } from './errors';
export { TFLITE_FILE, writeTflite } from './writeTflite';
