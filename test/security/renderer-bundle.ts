// Static checks of the built renderer (scripts/security-audit.sh):
//  - no eval( / new Function( in dist/renderer/assets/*.js (the CSP forbids them anyway:
//    a bundle relying on them would break at run time);
//  - the CSP of dist/renderer/index.html allows neither 'unsafe-inline' nor 'unsafe-eval'
//    for scripts, and the page has no inline <script>;
//  - the CSPs the hosts send as headers (web host, Electron) do not either.
//
//   node test/security/renderer-bundle.ts
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const rel = (p: string) => path.relative(root, p);

export interface Problem {
  file: string;
  message: string;
}

const DYNAMIC_CODE: Array<[RegExp, string]> = [
  [/(?<![\w$])eval\s*\(/g, 'eval('],
  [/\bnew\s+Function\s*\(/g, 'new Function('],
];
const UNSAFE = [
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'unsafe-hashes'",
  "'strict-dynamic'",
  '*',
  'data:',
  'blob:',
  'http:',
  'https:',
];

/** Script-related directives of a policy: script-src*, else default-src. */
export function scriptSources(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  const out = new Map<string, string[]>();
  for (const [name, values] of directives) if (name.startsWith('script-src')) out.set(name, values);
  if (!out.has('script-src')) {
    const fallback = directives.get('default-src');
    out.set('script-src (default-src)', fallback ?? ['*']);
  }
  return out;
}

export function checkPolicy(policy: string, where: string): Problem[] {
  const problems: Problem[] = [];
  for (const [name, values] of scriptSources(policy)) {
    const bad = values.filter((v) => UNSAFE.includes(v.toLowerCase()));
    if (bad.length > 0) problems.push({ file: where, message: `${name} allows ${bad.join(' ')}` });
  }
  return problems;
}

export function scanForDynamicCode(source: string, file: string): Problem[] {
  const problems: Problem[] = [];
  for (const [re, label] of DYNAMIC_CODE) {
    for (const m of source.matchAll(re)) {
      const at = m.index ?? 0;
      problems.push({
        file,
        message: `${label} at offset ${at}: …${source.slice(Math.max(0, at - 40), at + 40).replace(/\s+/g, ' ')}…`,
      });
    }
  }
  return problems;
}

function main(): number {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const assets = path.join(root, 'dist', 'renderer', 'assets');
  const html = path.join(root, 'dist', 'renderer', 'index.html');
  if (!existsSync(assets) || !existsSync(html)) {
    console.error('renderer checks: dist/renderer is missing — run `node scripts/build.mjs renderer` first');
    return 2;
  }
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
  if (scripts.length === 0) problems.push({ file: rel(assets), message: 'no JavaScript bundle found' });
  let bytes = 0;
  for (const f of scripts) {
    const file = path.join(assets, f);
    const source = readFileSync(file, 'utf8');
    bytes += source.length;
    problems.push(...scanForDynamicCode(source, rel(file)));
  }
  notes.push(
    `${scripts.length} renderer bundle(s), ${(bytes / 1024).toFixed(0)} KiB scanned for eval( / new Function(`,
  );

  const page = readFileSync(html, 'utf8');
  const meta = /<meta\s[^>]*http-equiv=(["'])Content-Security-Policy\1[^>]*>/i.exec(page)?.[0];
  const policy = meta ? /content=(["'])([\s\S]*?)\1/i.exec(meta)?.[2] : undefined;
  if (!policy) problems.push({ file: rel(html), message: 'no Content-Security-Policy meta tag' });
  else {
    problems.push(...checkPolicy(policy, rel(html)));
    notes.push(
      `index.html CSP script sources: ${[...scriptSources(policy)].map(([n, v]) => `${n} ${v.join(' ')}`).join('; ')}`,
    );
  }
  for (const m of page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\bsrc\s*=/.test(m[1] ?? '') || (m[2] ?? '').trim() !== '')
      problems.push({ file: rel(html), message: `inline script: ${m[0].slice(0, 80)}` });
  }

  // Header policies, as compiled into the hosts.
  for (const bundle of [path.join(root, 'dist', 'web', 'host.mjs'), path.join(root, 'dist', 'electron', 'main.cjs')]) {
    if (!existsSync(bundle)) {
      notes.push(`${rel(bundle)} not built: header CSP not checked`);
      continue;
    }
    const source = readFileSync(bundle, 'utf8');
    const directives = [...source.matchAll(/script-src(?:-elem|-attr)?(?:\s+'[a-z-]+'|\s+[^\s;"'`]+)*/g)].map(
      (m) => m[0],
    );
    if (directives.length === 0) {
      problems.push({ file: rel(bundle), message: 'no script-src directive found in the compiled host' });
      continue;
    }
    for (const d of directives) problems.push(...checkPolicy(d, rel(bundle)));
    notes.push(`${rel(bundle)} header CSP: ${[...new Set(directives)].join(' | ')}`);
  }

  for (const n of notes) console.log(`  ${n}`);
  for (const p of problems) console.log(`  FAIL ${p.file}: ${p.message}`);
  console.log(`renderer checks: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}`);
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
