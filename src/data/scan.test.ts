import { execFileSync } from 'node:child_process';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { scanImageFolder } from './scan';
import { greyPng, tempFolder } from './testing/images';

const isRoot = process.getuid?.() === 0;

describe('scanImageFolder', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let png: Buffer;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempFolder());
    png = await greyPng(4, 4, 100);
  });
  afterAll(() => cleanup());

  async function put(rel: string, data: string | Buffer = png): Promise<string> {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
    return file;
  }

  it('finds classes, nested images, symlinks, and skips what it cannot use', async () => {
    const root = path.join(dir, 'pets');
    await put('pets/cat/1.jpg'); // PNG content under a .jpg name is fine: decoding goes by content
    await put('pets/cat/2.PNG');
    await put('pets/cat/deep/er/3.png');
    await put('pets/cat/.hidden.png');
    await put('pets/cat/.thumbs/4.png');
    await put('pets/cat/notes.txt', 'hello');
    await put('pets/cat/empty.png', '');
    await put('pets/cat/fake.jpg', 'this is text, not a JPEG');
    await put('pets/dog/a.webp');
    await put('pets/dog/b.gif');
    await put('pets/dog/c.tiff');
    await put('pets/dog/d.bmp', Buffer.concat([Buffer.from('BM'), png])); // BMP magic is enough for the scan
    await mkdir(path.join(root, 'zebra'));
    await put('pets/stray.png');
    await put('pets/README.md', 'about');
    await put('elsewhere/bird1.png');
    await put('elsewhere/bird2.png');
    await symlink(path.join(dir, 'elsewhere'), path.join(root, 'bird')); // a class folder that is a symlink
    await symlink(path.join(root, 'cat', '2.PNG'), path.join(root, 'dog', 'link.png')); // same file, other class
    await symlink(root, path.join(root, 'cat', 'deep', 'loop')); // a symlink loop
    await symlink(path.join(root, 'missing.png'), path.join(root, 'dog', 'dangling.png'));
    execFileSync('mkfifo', [path.join(root, 'dog', 'pipe.png')]); // not a regular file; reading it would block
    await put('pets/.git/objects/x.png');

    const scan = await scanImageFolder(root);
    expect(scan.root).toBe(root);
    expect(scan.classes).toEqual([
      { name: 'bird', count: 2 },
      { name: 'cat', count: 3 },
      { name: 'dog', count: 4 },
    ]);
    expect(scan.emptyClasses).toEqual(['zebra']);
    const rel = (p: string) => path.relative(root, p);
    expect(scan.samples.map((s) => [rel(s.path), s.label])).toEqual([
      ['bird/bird1.png', 0],
      ['bird/bird2.png', 0],
      ['cat/1.jpg', 1],
      ['cat/2.PNG', 1],
      ['cat/deep/er/3.png', 1],
      ['dog/a.webp', 2],
      ['dog/b.gif', 2],
      ['dog/c.tiff', 2],
      ['dog/d.bmp', 2],
    ]);
    const skipped = Object.fromEntries(scan.skipped.map((s) => [rel(s.path), s.code]));
    expect(skipped).toEqual({
      'README.md': 'outside-class',
      'stray.png': 'outside-class',
      'cat/deep/loop': 'symlink-loop',
      'cat/empty.png': 'empty',
      'cat/fake.jpg': 'not-image',
      'cat/notes.txt': 'not-image',
      'dog/dangling.png': 'broken-link',
      'dog/link.png': 'duplicate',
      'dog/pipe.png': 'not-file',
    });
    for (const s of scan.skipped) expect(s.reason.length).toBeGreaterThan(5);
  });

  // root reads everything, so there is nothing to test as root
  it.skipIf(isRoot)('lists unreadable files', async () => {
    const file = await put('locked/a/secret.png');
    await put('locked/a/ok.png');
    await chmod(file, 0);
    const scan = await scanImageFolder(path.join(dir, 'locked'));
    expect(scan.skipped).toEqual([{ path: file, code: 'unreadable', reason: 'permission denied' }]);
  });

  it('can skip the content check', async () => {
    await put('nocheck/a/fake.png', 'text');
    const scan = await scanImageFolder(path.join(dir, 'nocheck'), { checkContent: false });
    expect(scan.classes).toEqual([{ name: 'a', count: 1 }]);
  });

  it('explains a missing root, a file root, and a root without class folders', async () => {
    await expect(scanImageFolder(path.join(dir, 'nope'))).rejects.toThrow(DataError);
    await expect(scanImageFolder(path.join(dir, 'nope'))).rejects.toThrow(/nope not found.*one sub-folder per class, e\.g\. .*nope\/cat\/\*\.jpg/);
    const file = await put('plain.png');
    await expect(scanImageFolder(file)).rejects.toThrow(/plain\.png is a file, not a folder/);
    await put('flat/1.png');
    await put('flat/2.png');
    await expect(scanImageFolder(path.join(dir, 'flat'))).rejects.toThrow(/No class folders in .*flat \(found 2 file\(s\) but no sub-folder\): expected one sub-folder per class/);
    await mkdir(path.join(dir, 'void'));
    await expect(scanImageFolder(path.join(dir, 'void'))).rejects.toThrow(/\(it is empty\)/);
  });
});
