// The walk of dropped folders: relative paths keep the dropped folder's own name, hidden
// and temporary names are skipped at any depth, Sceau's own data is never taken.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { walkIntakeChunks, type IntakeItem } from '../../../main/core/capture/intake-walk';
import { Exclusions } from '../../../main/core/capture/exclusions';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-walk-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function put(rel: string): void {
  const f = join(dir, rel);
  mkdirSync(join(f, '..'), { recursive: true });
  writeFileSync(f, 'x');
}

async function walk(paths: string[], chunk = 2): Promise<IntakeItem[]> {
  const ex = new Exclusions(join(dir, 'donnees', 'vault'), []);
  const items: IntakeItem[] = [];
  for await (const c of walkIntakeChunks('p', paths, 'drop', (p) => ex.isExcluded(p), chunk)) items.push(...c.items);
  return items;
}

const rels = (items: IntakeItem[]): string[] =>
  items.flatMap((it) => ('candidate' in it ? [it.candidate.relativePath] : [])).sort();

describe('walkIntakeChunks', () => {
  it('keeps the folder name, skips hidden and temporary names at any depth and Sceau’s data', async () => {
    for (const rel of [
      'lot/a.pdf',
      'lot/sous/b.pdf',
      'lot/sous/.cache/c.pdf',
      'lot/.cache/d.pdf',
      'lot/sous/~$e.docx',
      'lot/sous/f.pdf.part',
      'lot/sous/plus/g.pdf',
      'donnees/sceau.db',
      'donnees/vault/h.pdf',
      'donnees/lettre.pdf',
    ])
      put(rel);
    expect(rels(await walk([join(dir, 'lot')]))).toEqual(['lot/a.pdf', 'lot/sous/b.pdf', 'lot/sous/plus/g.pdf']);
    // Sceau's data folder: its own entries never, a user file next to them yes.
    expect(rels(await walk([join(dir, 'donnees')]))).toEqual(['donnees/lettre.pdf']);
  });

  it('a dropped hidden folder gives nothing; a file given alone keeps its own name', async () => {
    put('.cache/a.pdf');
    put('lot/b.pdf');
    expect(rels(await walk([join(dir, '.cache')]))).toEqual([]);
    expect(rels(await walk([join(dir, 'lot', 'b.pdf')]))).toEqual(['b.pdf']);
  });
});
