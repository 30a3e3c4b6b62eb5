import { GRAPH_VERSION } from './types';

type Doc = Record<string, unknown>;
type Migration = (doc: Doc) => Doc;

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asRecord = (value: unknown): Doc => (typeof value === 'object' && value !== null ? (value as Doc) : {});

/**
 * Version 1 kept node positions as flat `x`/`y` and edges without ids or slots (a target's inputs
 * in the order its edges appeared). Version 2 nests `position`, names every edge and makes slots explicit.
 */
const v1ToV2: Migration = (doc) => {
  const nextSlot = new Map<unknown, number>();
  return {
    ...doc,
    version: 2,
    nodes: asArray(doc.nodes).map((raw) => {
      const { x, y, ...rest } = asRecord(raw);
      return { ...rest, position: { x, y } };
    }),
    edges: asArray(doc.edges).map((raw, i) => {
      const edge = asRecord(raw);
      const slot = nextSlot.get(edge.target) ?? 0;
      nextSlot.set(edge.target, slot + 1);
      return { id: `e${i}_${String(edge.source)}_${String(edge.target)}`, source: edge.source, target: edge.target, targetSlot: slot };
    }),
  };
};

/** MIGRATIONS[v] turns a version-v document into version v+1. */
const MIGRATIONS: Record<number, Migration> = { 1: v1ToV2 };

export function migrate(doc: Doc): { ok: true; doc: Doc } | { ok: false; message: string } {
  let version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, message: `expected a whole version number from 1 to ${GRAPH_VERSION}, got ${JSON.stringify(version)}` };
  }
  if (version > GRAPH_VERSION) {
    return { ok: false, message: `this design was saved by a newer Inception Studio (format version ${version}; this one reads up to ${GRAPH_VERSION})` };
  }
  let current = doc;
  while (version < GRAPH_VERSION) {
    current = MIGRATIONS[version](current);
    version += 1;
  }
  return { ok: true, doc: current };
}
