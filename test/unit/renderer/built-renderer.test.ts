// The BUILT renderer (dist/renderer, as shipped to both hosts): every French text it holds
// — the catalog, component literals, the core's pure tables it bundles — is searched for
// the engine's internal state names (« detected », « needs_metadata » …). The rendered pages
// are checked too by the journey « au quotidien » (test/e2e/journeys/everyday.spec.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_WORDS } from '../../../renderer/src/lib/messages';

const assets = path.resolve('dist/renderer/assets');
const internal = new RegExp(`\\b(${INTERNAL_WORDS.join('|')})\\b`);

function newestSource(dir: string): number {
  return readdirSync(dir).reduce((m, n) => {
    const p = path.join(dir, n);
    const s = statSync(p);
    return Math.max(m, s.isDirectory() ? newestSource(p) : s.mtimeMs);
  }, 0);
}

function bundles(): string[] {
  return existsSync(assets) ? readdirSync(assets).filter((n) => n.endsWith('.js')) : [];
}

beforeAll(() => {
  const built = bundles().map((n) => statSync(path.join(assets, n)).mtimeMs);
  if (built.length === 0 || Math.max(...built) < newestSource(path.resolve('renderer/src')))
    execFileSync(process.execPath, ['scripts/build.mjs', 'renderer'], { stdio: 'inherit' });
}, 180_000);

/** String literals of the bundle that are French sentences (a French letter or ’ in them). */
function frenchLiterals(code: string): string[] {
  const out: string[] = [];
  const literal = /"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g;
  for (const m of code.matchAll(literal)) {
    const text = m[1] ?? m[2] ?? m[3] ?? '';
    if (/\s/.test(text) && /[’éèàçêùûôîœ«]/i.test(text)) out.push(text.replace(/\$\{[^}]*\}|\{\w+\}/g, ''));
  }
  return out;
}

describe('built renderer', () => {
  it('holds no French text with an internal state name in it', () => {
    const files = bundles();
    expect(files.length).toBeGreaterThan(0);
    const texts = files.flatMap((n) => frenchLiterals(readFileSync(path.join(assets, n), 'utf8')));
    // The catalog is really in there (the search is not vacuous).
    expect(texts.some((x) => x.includes('Archive de démonstration — rien n’est réellement archivé'))).toBe(true);
    expect(texts.some((x) => x.includes('Accepté par l’archive'))).toBe(true);
    const leaks = texts.filter((x) => internal.test(x)).map((x) => x.slice(0, 120));
    expect(leaks).toEqual([]);
  });
});
