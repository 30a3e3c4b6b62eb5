import { rm } from 'node:fs/promises';
import path from 'node:path';
import { FASHION_MNIST_CLASSES, writeFashionMnistFolder, type FashionMnistSplit } from '../../data/testing/fashionMnist';

/** Real Fashion-MNIST images of some labels only: the first `perClass` of each in `split`, as class folders. */
export async function writeFashionClasses(dest: string, labels: readonly number[], perClass: number, split: FashionMnistSplit): Promise<string> {
  await writeFashionMnistFolder(dest, { perClass, split });
  const others = FASHION_MNIST_CLASSES.filter((_, label) => !labels.includes(label));
  await Promise.all(others.map((name) => rm(path.join(dest, name), { recursive: true })));
  return dest;
}
