// How long a design file takes to be parsed and shape-checked, for the sizes and hostile inputs the
// schema tests use (a chain at the 5,000-node limit, 100,000 nodes, 100,000-deep nesting). Prints JSON.
//   node scripts/bench-parse.mjs [--rounds 5]
import { bundleSources } from './bench/bundleSources.mjs';

const at = process.argv.indexOf('--rounds');
const rounds = at > 0 ? Number(process.argv[at + 1]) : 5;
const bundle = await bundleSources({ schema: 'src/graph/schema.ts', infer: 'src/shapes/infer.ts' });
try {
  const { parseGraphText } = await bundle.load('schema');
  const { inferGraph } = await bundle.load('infer');
  const input = { id: 'in', kind: 'Input', params: { height: 28, width: 28, channels: 1 }, position: { x: 0, y: 0 } };
  const doc = (nodes, edges = []) => ({ format: 'inception-studio.graph', version: 2, name: 'bench', nodes, edges });
  const chain = doc(
    [input, ...Array.from({ length: 4999 }, (_, i) => ({ id: `r${i}`, kind: 'ReLU', params: {}, position: { x: 0, y: i } }))],
    Array.from({ length: 4999 }, (_, i) => ({ id: `x${i}`, source: i === 0 ? 'in' : `r${i - 1}`, target: `r${i}`, targetSlot: 0 })),
  );
  const cases = {
    'chain-5000': JSON.stringify(chain),
    'nodes-100000': JSON.stringify(doc(Array.from({ length: 100_000 }, (_, i) => ({ id: `n${i}`, kind: 'ReLU', params: {}, position: { x: 0, y: i } })))),
    'nesting-100000': '['.repeat(100_000) + ']'.repeat(100_000),
  };
  const results = {};
  for (const [name, text] of Object.entries(cases)) {
    const times = [];
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      const parsed = parseGraphText(text);
      if (parsed.ok) inferGraph(parsed.graph);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    results[name] = { bytes: text.length, medianMs: Math.round(times[rounds >> 1] * 10) / 10, maxMs: Math.round(times.at(-1) * 10) / 10 };
  }
  console.log(JSON.stringify({ date: new Date().toISOString(), rounds, results }, null, 2));
} finally {
  await bundle.cleanup();
}
