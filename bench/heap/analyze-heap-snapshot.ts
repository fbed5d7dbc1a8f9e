// Reads a V8 .heapsnapshot (JSON) and says what the live set holds: self and retained size by
// constructor (retained = the sizes of the objects it dominates, as in Chrome devtools), the
// largest single retainers with the path that keeps them alive, and totals by node type.
//
//   node --max-old-space-size=4096 --import tsx bench/heap/analyze-heap-snapshot.ts FILE [--top 30]
import { readFileSync } from 'node:fs';

interface RawSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
    node_count: number;
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface HeapGraph {
  count: number;
  typeName(node: number): string;
  name(node: number): string;
  selfSize(node: number): number;
  /** Outgoing strong edges (weak edges do not keep anything alive): [edgeName, target][] */
  forEachEdge(node: number, visit: (target: number, edgeName: string) => void): void;
}

export function readHeapGraph(file: string): HeapGraph {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot;
  const meta = raw.snapshot.meta;
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const typeOffset = meta.node_fields.indexOf('type');
  const nameOffset = meta.node_fields.indexOf('name');
  const sizeOffset = meta.node_fields.indexOf('self_size');
  const edgeCountOffset = meta.node_fields.indexOf('edge_count');
  const edgeTypeOffset = meta.edge_fields.indexOf('type');
  const edgeNameOffset = meta.edge_fields.indexOf('name_or_index');
  const edgeToOffset = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const weak = edgeTypes.indexOf('weak');
  const count = raw.nodes.length / nodeFields;
  const firstEdge = new Uint32Array(count + 1);
  for (let node = 0, edge = 0; node < count; node++) {
    firstEdge[node] = edge;
    edge += (raw.nodes[node * nodeFields + edgeCountOffset] ?? 0) * edgeFields;
  }
  firstEdge[count] = raw.edges.length;
  const nodes = raw.nodes;
  const edges = raw.edges;
  const strings = raw.strings;
  return {
    count,
    typeName: (node) => nodeTypes[nodes[node * nodeFields + typeOffset] ?? 0] ?? '?',
    name: (node) => strings[nodes[node * nodeFields + nameOffset] ?? 0] ?? '',
    selfSize: (node) => nodes[node * nodeFields + sizeOffset] ?? 0,
    forEachEdge(node, visit) {
      const end = firstEdge[node + 1] ?? 0;
      for (let edge = firstEdge[node] ?? 0; edge < end; edge += edgeFields) {
        const type = edges[edge + edgeTypeOffset];
        if (type === weak) continue;
        const target = (edges[edge + edgeToOffset] ?? 0) / nodeFields;
        const nameOrIndex = edges[edge + edgeNameOffset] ?? 0;
        const typeName = edgeTypes[type ?? 0];
        visit(
          target,
          typeName === 'element' || typeName === 'hidden' ? `[${nameOrIndex}]` : (strings[nameOrIndex] ?? ''),
        );
      }
    },
  };
}

/**
 * Immediate dominators from node 0 (the synthetic root), by the iterative algorithm of Cooper,
 * Harvey and Kennedy ("A Simple, Fast Dominance Algorithm") over a reverse post-order.
 * Unreachable nodes get -1.
 */
export function dominators(graph: HeapGraph): { idom: Int32Array; order: Uint32Array; reached: number } {
  const { count } = graph;
  const postIndex = new Int32Array(count).fill(-1);
  const order = new Uint32Array(count); // post-order
  const predecessors: number[][] = Array.from({ length: count }, () => []);
  // Iterative DFS for the post-order.
  const stack: number[] = [0];
  const childrenOf: number[][] = [];
  const iter = new Int32Array(count);
  const visited = new Uint8Array(count);
  visited[0] = 1;
  let post = 0;
  const children = (node: number) => {
    let list = childrenOf[node];
    if (!list) {
      list = [];
      graph.forEachEdge(node, (target) => {
        list?.push(target);
        predecessors[target]?.push(node);
      });
      childrenOf[node] = list;
    }
    return list;
  };
  while (stack.length > 0) {
    const node = stack[stack.length - 1] ?? 0;
    const list = children(node);
    const next = iter[node] ?? 0;
    if (next < list.length) {
      iter[node] = next + 1;
      const target = list[next] ?? 0;
      if (!visited[target]) {
        visited[target] = 1;
        stack.push(target);
      }
    } else {
      stack.pop();
      postIndex[node] = post;
      order[post] = node;
      post += 1;
      childrenOf[node] = [];
    }
  }
  const reached = post;
  const idomPost = new Int32Array(reached).fill(-1); // in post-order numbers
  const rootPost = reached - 1;
  idomPost[rootPost] = rootPost;
  let changed = true;
  while (changed) {
    changed = false;
    for (let p = rootPost - 1; p >= 0; p--) {
      const node = order[p] ?? 0;
      let newIdom = -1;
      for (const pred of predecessors[node] ?? []) {
        const predPost = postIndex[pred] ?? -1;
        if (predPost < 0 || idomPost[predPost] === -1) continue;
        if (newIdom === -1) {
          newIdom = predPost;
          continue;
        }
        let a = predPost;
        let b = newIdom;
        while (a !== b) {
          while (a < b) a = idomPost[a] ?? rootPost;
          while (b < a) b = idomPost[b] ?? rootPost;
        }
        newIdom = a;
      }
      if (newIdom !== -1 && idomPost[p] !== newIdom) {
        idomPost[p] = newIdom;
        changed = true;
      }
    }
  }
  const idom = new Int32Array(count).fill(-1);
  for (let p = 0; p < reached; p++) idom[order[p] ?? 0] = order[idomPost[p] ?? rootPost] ?? 0;
  return { idom, order: order.slice(0, reached), reached };
}

/** What a node is called in the summary: the constructor for objects, `(type)` otherwise. */
export function classOf(graph: HeapGraph, node: number): string {
  const type = graph.typeName(node);
  if (type === 'object' || type === 'native') return graph.name(node);
  if (type === 'closure') return '(closure)';
  if (type === 'code') return `(code)`;
  if (type === 'hidden' || type === 'synthetic') {
    const name = graph.name(node);
    return name.startsWith('system /')
      ? name.replace(/ \/.*$/, '').replace(/ @\d+$/, '')
      : `(${type}) ${name}`;
  }
  return `(${type})`;
}

export interface HeapSummary {
  totalBytes: number;
  nodes: number;
  byClass: { name: string; count: number; selfBytes: number; retainedBytes: number }[];
  byType: { type: string; count: number; selfBytes: number }[];
  topRetainers: { node: number; name: string; retainedBytes: number; path: string }[];
  largestObjects: { name: string; selfBytes: number; path: string }[];
}

export function summarise(graph: HeapGraph, top = 30): HeapSummary {
  const { idom, order, reached } = dominators(graph);
  const retained = new Float64Array(graph.count);
  for (let p = 0; p < reached; p++) {
    const node = order[p] ?? 0;
    retained[node] = (retained[node] ?? 0) + graph.selfSize(node);
    const parent = idom[node] ?? -1;
    if (node !== 0 && parent >= 0) retained[parent] = (retained[parent] ?? 0) + (retained[node] ?? 0);
  }
  const classes = new Map<string, { count: number; selfBytes: number; retainedBytes: number }>();
  const types = new Map<string, { count: number; selfBytes: number }>();
  const classNames: string[] = new Array(graph.count);
  for (let p = 0; p < reached; p++) {
    const node = order[p] ?? 0;
    const name = classOf(graph, node);
    classNames[node] = name;
    const entry = classes.get(name) ?? { count: 0, selfBytes: 0, retainedBytes: 0 };
    entry.count += 1;
    entry.selfBytes += graph.selfSize(node);
    classes.set(name, entry);
    const type = graph.typeName(node);
    const typeEntry = types.get(type) ?? { count: 0, selfBytes: 0 };
    typeEntry.count += 1;
    typeEntry.selfBytes += graph.selfSize(node);
    types.set(type, typeEntry);
  }
  // A class's retained size counts only its instances not dominated by another of the same class.
  for (let p = 0; p < reached; p++) {
    const node = order[p] ?? 0;
    const name = classNames[node] ?? '';
    let up = idom[node] ?? -1;
    let nested = false;
    while (up > 0) {
      if (classNames[up] === name) {
        nested = true;
        break;
      }
      up = idom[up] ?? -1;
    }
    const entry = classes.get(name);
    if (!nested && entry) entry.retainedBytes += retained[node] ?? 0;
  }
  // Shortest retaining path from the root (breadth first), the way devtools shows "Retainers".
  const parentOf = new Int32Array(graph.count).fill(-1);
  const parentEdge: string[] = new Array(graph.count);
  parentOf[0] = 0;
  for (let queue = [0], head = 0; head < queue.length; head++) {
    const node = queue[head] ?? 0;
    graph.forEachEdge(node, (target, edgeName) => {
      if (parentOf[target] !== -1) return;
      parentOf[target] = node;
      parentEdge[target] = edgeName;
      queue.push(target);
    });
  }
  const label = (node: number) => {
    const name = classNames[node] ?? '?';
    return name.startsWith('(') && graph.typeName(node) !== 'synthetic'
      ? `${name} ${graph.name(node).slice(0, 40)}`
      : name;
  };
  const pathTo = (node: number): string => {
    const steps: string[] = [];
    for (let current = node, depth = 0; current > 0 && depth < 14; depth++) {
      steps.unshift(`.${parentEdge[current] ?? '?'}`);
      current = parentOf[current] ?? 0;
      if (current > 0 && graph.typeName(current) !== 'synthetic') steps.unshift(label(current));
    }
    return steps.join(' ');
  };
  const candidates = Array.from(order)
    .filter((node) => {
      const type = graph.typeName(node);
      return node !== 0 && type !== 'synthetic' && !(classNames[node] ?? '').startsWith('(hidden)');
    })
    .sort((a, b) => (retained[b] ?? 0) - (retained[a] ?? 0));
  // Skip nodes inside an already-listed retainer, so the list shows distinct holders.
  const listed = new Set<number>();
  const topRetainers: HeapSummary['topRetainers'] = [];
  for (const node of candidates) {
    if (topRetainers.length >= top) break;
    let up = idom[node] ?? -1;
    let inside = false;
    while (up > 0) {
      if (listed.has(up)) {
        inside = true;
        break;
      }
      up = idom[up] ?? -1;
    }
    if (inside) continue;
    listed.add(node);
    topRetainers.push({
      node,
      name: `${classNames[node]} ${graph.typeName(node) === 'object' ? '' : graph.name(node).slice(0, 60)}`.trim(),
      retainedBytes: retained[node] ?? 0,
      path: pathTo(node),
    });
  }
  return {
    totalBytes: retained[0] ?? 0,
    nodes: reached,
    byClass: [...classes.entries()]
      .map(([name, entry]) => ({ name, ...entry }))
      .sort((a, b) => b.retainedBytes - a.retainedBytes),
    byType: [...types.entries()]
      .map(([type, entry]) => ({ type, ...entry }))
      .sort((a, b) => b.selfBytes - a.selfBytes),
    topRetainers,
    largestObjects: Array.from(order)
      .sort((a, b) => graph.selfSize(b) - graph.selfSize(a))
      .slice(0, top)
      .map((node) => ({ name: label(node), selfBytes: graph.selfSize(node), path: pathTo(node) })),
  };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

export function formatSummary(summary: HeapSummary, top = 30): string {
  const lines = [
    `live heap ${mb(summary.totalBytes)} MB in ${summary.nodes} nodes`,
    '',
    'by node type (self):',
    ...summary.byType.map(
      (t) => `  ${mb(t.selfBytes).padStart(8)} MB  ${String(t.count).padStart(8)}  ${t.type}`,
    ),
    '',
    `by constructor, top ${top} by retained (MB retained / MB self / count):`,
    ...summary.byClass
      .slice(0, top)
      .map(
        (c) =>
          `  ${mb(c.retainedBytes).padStart(8)}  ${mb(c.selfBytes).padStart(8)}  ${String(c.count).padStart(8)}  ${c.name.slice(0, 90)}`,
      ),
    '',
    `by constructor, top ${top} by self size:`,
    ...[...summary.byClass]
      .sort((a, b) => b.selfBytes - a.selfBytes)
      .slice(0, top)
      .map((c) => `  ${mb(c.selfBytes).padStart(8)}  ${String(c.count).padStart(8)}  ${c.name.slice(0, 90)}`),
    '',
    'largest distinct retainers (MB retained, dominator path):',
    ...summary.topRetainers.map(
      (r) => `  ${mb(r.retainedBytes).padStart(8)}  ${r.name.slice(0, 70)}\n            ${r.path}`,
    ),
    '',
    'largest single objects (MB self, retaining path):',
    ...summary.largestObjects.map(
      (o) => `  ${mb(o.selfBytes).padStart(8)}  ${o.name.slice(0, 70)}\n            ${o.path}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: analyze-heap-snapshot.ts FILE.heapsnapshot [--top N]\n');
    process.exit(2);
  }
  const topIndex = process.argv.indexOf('--top');
  const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 30;
  process.stdout.write(formatSummary(summarise(readHeapGraph(file), top), top));
}
