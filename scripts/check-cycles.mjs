#!/usr/bin/env node
// Import cycles between our TypeScript modules (eslint-plugin-import is not installed).
// Reads every .ts/.tsx file under the given roots, resolves relative imports (static,
// `export … from` and `import()`; `import type` too: a type-only loop still ties two
// modules together), and prints each strongly connected component of more than one file.
// Exit 1 when a cycle exists. Usage: node scripts/check-cycles.mjs [root …]
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

const DEFAULT_ROOTS = ['main', 'preload', 'renderer/src'];
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.mjs'];

/** Every source file under `root`, skipping dependencies and build output. */
export function listSources(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (/\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(abs);
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

// import … from 'x' | export … from 'x' | import 'x' | import('x')
const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative specifiers of one file's source text (comments stripped). */
export function importsOf(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out = [];
  for (const m of code.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    if (spec && spec.startsWith('.')) out.push(spec);
  }
  return out;
}

function resolveSpec(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  const candidates = [base, ...EXTENSIONS.map((x) => base + x), ...EXTENSIONS.map((x) => path.join(base, 'index' + x))];
  for (const c of candidates) {
    try {
      if (statSync(c).isFile()) return c;
    } catch {
      // next candidate
    }
  }
  return null;
}

/** Module graph: file → files it imports (only files inside the graph). */
export function buildGraph(files) {
  const set = new Set(files);
  const graph = new Map();
  for (const f of files) {
    const deps = new Set();
    for (const spec of importsOf(readFileSync(f, 'utf8'))) {
      const r = resolveSpec(f, spec);
      if (r && set.has(r) && r !== f) deps.add(r);
    }
    graph.set(f, [...deps]);
  }
  return graph;
}

/** Tarjan's strongly connected components of size > 1 (iterative: deep graphs stay safe). */
export function findCycles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const out = [];
  for (const start of graph.keys()) {
    if (idx.has(start)) continue;
    const work = [[start, 0]];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const deps = graph.get(v) ?? [];
      if (i < deps.length) {
        frame[1]++;
        const w = deps[i];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === idx.get(v)) {
        const comp = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1) out.push(comp.sort());
      }
    }
  }
  return out;
}

export function checkCycles(roots = DEFAULT_ROOTS, cwd = process.cwd()) {
  const files = roots.flatMap((r) => listSources(path.resolve(cwd, r)));
  return findCycles(buildGraph(files)).map((c) => c.map((f) => path.relative(cwd, f)));
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const roots = process.argv.slice(2);
  const cycles = checkCycles(roots.length > 0 ? roots : DEFAULT_ROOTS);
  if (cycles.length === 0) {
    process.stdout.write('check-cycles: no import cycle.\n');
  } else {
    process.stderr.write(`check-cycles: ${cycles.length} import cycle(s):\n`);
    for (const c of cycles) process.stderr.write(`  - ${c.join(' ↔ ')}\n`);
    process.exitCode = 1;
  }
}
