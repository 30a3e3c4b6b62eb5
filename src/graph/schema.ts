import { z } from 'zod';
import { GRAPH_FORMAT, graphSchema, LIMITS } from '../contract/graphDocument';
import { migrate } from './migrations';
import type { GraphDoc } from './types';
import type { GraphError } from '../contract/graphErrors';

export type ParseResult = { ok: true; graph: GraphDoc } | { ok: false; errors: GraphError[] };

const fail = (message: string, field: string | null = null, nodeId: string | null = null): ParseResult => ({
  ok: false,
  errors: [{ nodeId, field, message }],
});

/** Parses a graph file's text: size, JSON syntax, then `parseGraph`. */
export function parseGraphText(text: string, source = 'graph file'): ParseResult {
  if (text.length > LIMITS.maxFileBytes) {
    return fail(`${source} is ${text.length} bytes; at most ${LIMITS.maxFileBytes} are accepted`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  return parseGraph(value);
}

/**
 * Validates any value as a graph document, migrating older versions, and checks that ids are unique
 * and edges join existing nodes (unknown kinds are reported by shape inference). Every error names the node (or edge) and field.
 */
export function parseGraph(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(`expected a graph document (a JSON object with format "${GRAPH_FORMAT}"), got ${describe(value)}`);
  }
  const doc = value as Record<string, unknown>;
  if (doc.format !== GRAPH_FORMAT) {
    return fail(`expected format "${GRAPH_FORMAT}", got ${describe(doc.format)}`, 'format');
  }
  for (const key of ['nodes', 'edges'] as const) {
    const list = doc[key];
    const max = key === 'nodes' ? LIMITS.maxNodes : LIMITS.maxEdges;
    if (Array.isArray(list) && list.length > max) {
      return fail(`the design has ${list.length} ${key}; at most ${max} are supported`, key);
    }
  }
  const migrated = migrate(doc);
  if (!migrated.ok) return fail(migrated.message, 'version');

  const parsed = graphSchema.safeParse(migrated.doc);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.slice(0, 50).map((issue) => zodIssueToError(issue, migrated.doc)) };
  }
  const errors = checkReferences(parsed.data);
  return errors.length ? { ok: false, errors } : { ok: true, graph: parsed.data };
}

function checkReferences(graph: GraphDoc): GraphError[] {
  const errors: GraphError[] = [];
  const ids = new Set<string>();
  for (const node of graph.nodes) {
    if (ids.has(node.id)) errors.push({ nodeId: node.id, field: 'id', message: `node id "${node.id}" is used twice` });
    ids.add(node.id);
  }
  const edgeIds = new Set<string>();
  const slots = new Set<string>();
  graph.edges.forEach((edge, i) => {
    if (edgeIds.has(edge.id)) errors.push({ nodeId: edge.target, field: `edges[${i}].id`, message: `edge id "${edge.id}" is used twice` });
    edgeIds.add(edge.id);
    for (const end of ['source', 'target'] as const) {
      if (!ids.has(edge[end])) {
        const other = end === 'source' ? edge.target : edge.source;
        errors.push({
          nodeId: ids.has(other) ? other : null,
          field: `edges[${i}].${end}`,
          message: `edge "${edge.id}" ${end === 'source' ? 'comes from' : 'goes to'} node "${edge[end]}", which does not exist`,
        });
      }
    }
    const slot = `${edge.target}#${edge.targetSlot}`;
    if (slots.has(slot)) {
      errors.push({ nodeId: edge.target, field: `input[${edge.targetSlot}]`, message: `two edges feed input slot ${edge.targetSlot}` });
    }
    slots.add(slot);
  });
  return errors;
}

function zodIssueToError(issue: z.core.$ZodIssue, doc: Record<string, unknown>): GraphError {
  const path = issue.path.map(String);
  let nodeId: string | null = null;
  let field = path.join('.') || null;
  if (path[0] === 'nodes' && path.length >= 2) {
    const node = (doc.nodes as unknown[])[Number(path[1])] as Record<string, unknown> | undefined;
    const id = node && typeof node.id === 'string' ? node.id : null;
    nodeId = id;
    field = path.slice(2).join('.') || `nodes[${path[1]}]`;
    if (!id) field = `nodes[${path[1]}]` + (path.length > 2 ? `.${path.slice(2).join('.')}` : '');
  } else if (path[0] === 'edges' && path.length >= 2) {
    field = `edges[${path[1]}]` + (path.length > 2 ? `.${path.slice(2).join('.')}` : '');
  }
  return { nodeId, field, message: issue.message };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
