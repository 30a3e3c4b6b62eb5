import type { Size } from './geometry';

/** What a layer node on the canvas shows, as text. */
export interface NodeText {
  id: string;
  /** The kind's title (`Conv2D`). */
  title: string;
  /** The output shape (`64×56×56`), or `—`. */
  shape: string;
  /** The trainable parameter count as shown (`36,928`), or `—`. */
  params: string;
  /** How many badges the head shows beside the id (frozen, error, expand button); none by default. */
  badges?: number;
}

// Upper bounds of glyph widths (px) for the canvas's fonts: 0.62 em for monospace faces, a bold UI face's
// widest common letters for titles. Over-estimating only widens a box; under-estimating would cut text.
const TITLE_CHAR = 8.4; // 13 px, weight 650
const ID_CHAR = 0.62 * 11;
const SHAPE_CHAR = 0.62 * 12 + 0.3; // weight 600
const PARAMS_CHAR = 7.2; // 12 px tabular figures
const OVERVIEW_ID_CHAR = 0.62 * 20;
/** Left border and padding, right padding and border. */
const FRAME = 4 + 12 + 10 + 1;
/** Room in the head for one badge (frozen, error) or the expand button, with its gap. */
const BADGE = 26;
const PARAMS_UNIT = 44; // " params" at 11 px
export const MIN_NODE_WIDTH = 220;
/** Head, summary and foot lines with padding and borders. */
export const DETAIL_NODE_HEIGHT = 72;
const OVERVIEW_LINE = 26;

/**
 * The box a layer node needs to show all of its text uncut, both close up and zoomed out (where its id
 * is shown large, wrapped between words): the canvas sets this width, and layouts made before the canvas
 * measures anything (an import) use this height.
 */
export function nodeBoxSize(text: NodeText): Size {
  const badges = (text.badges ?? 0) * BADGE;
  const head = FRAME + text.title.length * TITLE_CHAR + 6 + text.id.length * ID_CHAR + badges;
  const foot = FRAME + text.shape.length * SHAPE_CHAR + 8 + text.params.length * PARAMS_CHAR + PARAMS_UNIT;
  const width = Math.max(MIN_NODE_WIDTH, Math.ceil(Math.max(head, foot) / 10) * 10);
  const lines = wrappedLines(idWords(text.id), (width - FRAME - badges) / OVERVIEW_ID_CHAR);
  const overview = 16 + 2 + OVERVIEW_LINE * (lines + 1);
  return { width, height: Math.max(DETAIL_NODE_HEIGHT, overview) };
}

/** An id split after each `_` or `.`, where a wrapped id may break (`layer3_0_conv1` -> `layer3_`, `0_`, `conv1`). */
export function idWords(id: string): string[] {
  return id.match(/[^_.]*[_.]+|[^_.]+$/g) ?? [id];
}

/** How many lines the words take, wrapped greedily at `perLine` characters (a longer word takes lines of its own). */
function wrappedLines(words: readonly string[], perLine: number): number {
  const room = Math.max(1, Math.floor(perLine));
  let lines = 1;
  let used = 0;
  for (const word of words) {
    if (used > 0 && used + word.length > room) {
      lines++;
      used = 0;
    }
    if (word.length > room) {
      lines += Math.ceil(word.length / room) - 1;
      used = word.length % room || room;
    } else {
      used += word.length;
    }
  }
  return lines;
}
