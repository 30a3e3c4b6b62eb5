import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Writes a small generated image folder: `classes` sub-folders of `perClass` grey PNGs, each class a band of
 * brightness with seeded noise, so a net can tell them apart and no two files are alike.
 */
export async function writeGreyClassFolder(dir: string, options: { classes: number; perClass: number; size: number; seed?: number }): Promise<void> {
  let state = options.seed ?? 1;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let c = 0; c < options.classes; c++) {
    const folder = path.join(dir, `class${c}`);
    await mkdir(folder, { recursive: true });
    const base = Math.round((255 * (c + 0.5)) / options.classes);
    for (let i = 0; i < options.perClass; i++) {
      const pixels = Buffer.alloc(options.size * options.size);
      for (let p = 0; p < pixels.length; p++) pixels[p] = Math.max(0, Math.min(255, base + Math.round((random() - 0.5) * 60)));
      const png = await sharp(pixels, { raw: { width: options.size, height: options.size, channels: 1 } }).png().toBuffer();
      await writeFile(path.join(folder, `${String(i).padStart(3, '0')}.png`), png);
    }
  }
}
