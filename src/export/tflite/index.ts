/**
 * TFLite written by our own code (FlatBuffer, schema v3), checked in stock LiteRT.js:
 * `writeTflite(runOrDesign, outDir)`. See docs/exports.md.
 */
export { TfliteExportError } from './errors';
export { TFLITE_FILE, writeTflite } from './writeTflite';
export { type TfliteInt8Options, type TfliteInt8Result, writeTfliteInt8 } from './writeTfliteInt8';
