// The ESLint rule behind DESIGN.md's layering: every import of a file in one zone of the table in
// eslint.config.js must point at a lower level (or stay inside its own zone); the renderer's zones, which share
// one allow-list, import each other the same way and reach outside renderer/ only through that list;
// production code never imports a test helper (a `testing/` folder).
import path from 'node:path';

const withoutExtension = (file) => file.replace(/\.(d\.ts|ts|tsx|js|mjs|cjs|json)$/, '');

/** The zone a repo-relative path falls in: the entry with the longest matching path (a file beats its folder). */
function zoneFinder(layers) {
  const entries = layers.flatMap((layer) => layer.paths.map((p) => ({ layer, path: withoutExtension(p) })));
  entries.sort((a, b) => b.path.length - a.path.length);
  return (file) => {
    const bare = withoutExtension(file);
    return entries.find((e) => bare === e.path || bare.startsWith(`${e.path}/`))?.layer ?? null;
  };
}

const isTypeOnly = (node) =>
  node.importKind === 'type' ||
  node.exportKind === 'type' ||
  (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));

const isTestHelper = (file) => file.split('/').includes('testing');

/**
 * `layers`: [{ level, name, paths, allow? }] — `allow` (the renderer's) lists the only paths outside the
 * zones sharing that list that they may import, each `{ path, typesOnly? }`, instead of "anything lower".
 */
export function layeringPlugin({ root, layers }) {
  const zoneOf = zoneFinder(layers);
  const rule = {
    meta: { type: 'problem', schema: [], messages: { wrongWay: '{{message}}' } },
    create(context) {
      const importer = path.relative(root, context.filename).split(path.sep).join('/');
      const from = zoneOf(importer);
      if (!from) {
        if (!importer.startsWith('src/') && !importer.startsWith('renderer/')) return {};
        return { Program: (node) => context.report({ node, messageId: 'wrongWay', data: { message: `${importer} is in no zone: add its folder to the table in eslint.config.js` } }) };
      }
      const check = (node, source) => {
        if (typeof source?.value !== 'string' || !source.value.startsWith('.')) return;
        const target = path.relative(root, path.resolve(path.dirname(context.filename), source.value)).split(path.sep).join('/');
        const report = (message) => context.report({ node: source, messageId: 'wrongWay', data: { message } });
        if (isTestHelper(target) && !isTestHelper(importer)) {
          return report(`${importer} may not import the test helper ${target}: production code never depends on testing/ folders`);
        }
        const to = zoneOf(target);
        if (from.allow && to?.allow !== from.allow) {
          if (target.startsWith('../')) return;
          const bare = withoutExtension(target);
          const allowed = from.allow.find((a) => bare === a.path || bare.startsWith(`${a.path}/`));
          if (!allowed) {
            const names = from.allow.map((a) => a.path + (a.typesOnly ? ' (types only)' : '')).join(', ');
            return report(`${from.name} may not import ${target}: its allow-list is ${names} (table in eslint.config.js)`);
          }
          if (allowed.typesOnly && !isTypeOnly(node)) return report(`${from.name} may import only types from ${allowed.path}: use \`import type\``);
          return;
        }
        if (!to || to === from) return;
        if (to.level < from.level) return;
        const why = to.level === from.level ? `they share level ${to.level}, and neither imports the other` : `${from.name} (level ${from.level}) is below ${to.name} (level ${to.level})`;
        report(`${from.name} may not import ${to.name} (${target}): ${why} in DESIGN.md's layering (table in eslint.config.js)`);
      };
      return {
        ImportDeclaration: (node) => check(node, node.source),
        ExportNamedDeclaration: (node) => check(node, node.source),
        ExportAllDeclaration: (node) => check(node, node.source),
        ImportExpression: (node) => check(node, node.source),
      };
    },
  };
  return { rules: { imports: rule } };
}
