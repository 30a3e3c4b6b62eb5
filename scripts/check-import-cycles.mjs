// Fails when any import circle exists between files (type-only and dynamic imports count too): the
// layering is only one-way if no file reaches itself again through its imports.
// Usage: node scripts/check-import-cycles.mjs [folder ...]   (default: src renderer electron e2e)
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|tsx|mts)$/;
const options = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowJs: false };

export function sourceFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The module specifiers a file imports or re-exports, static or `import()`. */
function specifiers(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** file -> the project files it imports (packages and files outside `files` are left out). */
export function importGraph(files) {
  const known = new Set(files.map((f) => path.resolve(f)));
  const graph = new Map();
  for (const file of known) {
    const targets = new Set();
    for (const spec of specifiers(file)) {
      if (!spec.startsWith('.')) continue;
      const resolved = ts.resolveModuleName(spec, file, options, ts.sys).resolvedModule?.resolvedFileName;
      if (resolved && known.has(path.resolve(resolved))) targets.add(path.resolve(resolved));
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Every circle as a list of files (first file repeated at the end), one per strongly connected group. */
export function findCycles(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  const connect = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const group = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) groups.push(group);
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return groups.map((group) => circleIn(graph, new Set(group), group.sort()[0]));
}

/** One concrete circle through `start` inside its group (breadth-first: the shortest way back). */
function circleIn(graph, group, start) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!group.has(w)) continue;
      if (w === start) {
        const circle = [start];
        for (let u = v; u !== start; u = previous.get(u)) circle.splice(1, 0, u);
        return [...circle, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['src', 'renderer', 'electron', 'e2e'];
  const cycles = findCycles(importGraph(roots.flatMap(sourceFiles)));
  const shown = (f) => path.relative(process.cwd(), f);
  for (const cycle of cycles) console.error(`import circle: ${cycle.map(shown).join(' -> ')}`);
  if (cycles.length) {
    console.error(`${cycles.length} import circle(s): every import must go one way (docs/architecture.md)`);
    process.exit(1);
  }
  console.log(`no import circles in ${roots.join(', ')}`);
}
