// The import picture of a source tree with its folders as rooms: which folders import which, the loops
// (folders that reach themselves again) and the arrows running back up (the fewest imports that, turned
// around, would let every arrow point down; found with Eades, Lin and Smyth's ordering, a close bound).
// Test files (*.test.ts[x]) are left out: they may import anything. testing/ helpers count.
// Usage: node scripts/import-picture.mjs [--json] [--edges] ROOT ...   (default: src renderer)
import path from 'node:path';
import { importGraph, sourceFiles } from './check-import-cycles.mjs';

/** The folder a file belongs to: its first folder below the root, or the root itself for files at the top. */
function roomOf(root, file) {
  const parts = path.relative(path.resolve(root), file).split(path.sep);
  return parts.length > 1 ? `${root}/${parts[0]}` : `${root}/(top)`;
}

/** folder -> Map(folder it imports -> number of file imports), inside one root. */
export function folderGraph(root) {
  const files = sourceFiles(root).filter((f) => !/\.test\.tsx?$/.test(f));
  const rooms = new Map();
  for (const [file, targets] of importGraph(files)) {
    const from = roomOf(root, file);
    if (!rooms.has(from)) rooms.set(from, new Map());
    for (const target of targets) {
      const to = roomOf(root, target);
      if (to !== from) rooms.get(from).set(to, (rooms.get(from).get(to) ?? 0) + 1);
    }
  }
  return rooms;
}

/** An order of the folders with few arrows pointing back (sinks last, sources first, then by out minus in). */
function eadesOrder(rooms) {
  const left = new Set(rooms.keys());
  const outs = (v) => [...rooms.get(v).keys()].filter((w) => left.has(w));
  const ins = (v) => [...left].filter((u) => rooms.get(u).has(v));
  const head = [];
  const tail = [];
  while (left.size) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const v of [...left].sort()) {
        if (!outs(v).length) { tail.unshift(v); left.delete(v); changed = true; }
        else if (!ins(v).length) { head.push(v); left.delete(v); changed = true; }
      }
    }
    if (!left.size) break;
    const best = [...left].sort().reduce((a, b) => (outs(b).length - ins(b).length > outs(a).length - ins(a).length ? b : a));
    head.push(best);
    left.delete(best);
  }
  return [...head, ...tail];
}

/** Folder groups that reach themselves (strongly connected, more than one folder). */
function loops(rooms) {
  const reach = (start) => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length) for (const w of rooms.get(queue.shift())?.keys() ?? []) if (!seen.has(w)) { seen.add(w); queue.push(w); }
    return seen;
  };
  const reaches = new Map([...rooms.keys()].map((v) => [v, reach(v)]));
  const groups = [];
  const placed = new Set();
  for (const v of [...rooms.keys()].sort()) {
    if (placed.has(v)) continue;
    const group = [...reaches.get(v)].filter((w) => reaches.get(w)?.has(v)).sort();
    group.forEach((w) => placed.add(w));
    if (group.length > 1) groups.push(group);
  }
  return groups;
}

export function picture(root) {
  const rooms = folderGraph(root);
  const order = eadesOrder(rooms);
  const rank = new Map(order.map((v, i) => [v, i]));
  const arrows = [...rooms].flatMap(([from, tos]) => [...tos].map(([to, count]) => ({ from, to, count })));
  const backUp = arrows.filter((a) => rank.get(a.to) < rank.get(a.from));
  const pairs = arrows.filter((a) => a.from < a.to && rooms.get(a.to)?.has(a.from)).map((a) => [a.from, a.to]);
  return { root, folders: rooms.size, arrows: arrows.length, order, backUp, loops: loops(rooms), pairs };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const args = process.argv.slice(2);
  const roots = args.filter((a) => !a.startsWith('--'));
  const pictures = (roots.length ? roots : ['src', 'renderer']).map(picture);
  if (args.includes('--json')) console.log(JSON.stringify(pictures, null, 2));
  else {
    for (const p of pictures) {
      console.log(`${p.root}: ${p.folders} folders, ${p.arrows} folder arrows, ${p.backUp.length} running back up, ` +
        `${p.loops.length} loop(s) (${p.loops.map((l) => l.length).join(', ') || 'none'} folders), ${p.pairs.length} pairs importing each other`);
      if (args.includes('--edges')) {
        for (const a of p.backUp) console.log(`  back up: ${a.from} -> ${a.to} (${a.count} import${a.count > 1 ? 's' : ''})`);
        for (const [a, b] of p.pairs) console.log(`  pair: ${a} <-> ${b}`);
      }
    }
  }
}
