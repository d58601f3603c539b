// Issue 16 §7 — a huge or sparse file is not sealed without a question: above the configured
// size (largeFileConfirmMb), intake answers « to confirm » and takes nothing; confirmed (UI
// flag confirmLarge, CLI --force) it proceeds.
import { closeSync, ftruncateSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from '../cli/helpers';
import { openEngine, tempDir } from '../engine/helpers';

const root = tempDir('sceau-large-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A sparse PDF: a header, then a hole up to `size`. */
function sparsePdf(file: string, size: number): string {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, Buffer.from('%PDF-1.4\n'));
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
  return file;
}

describe('huge or sparse files ask first', () => {
  it('engine: needs confirmation above the setting, then seals once confirmed', async () => {
    const engine = await openEngine(path.join(root, 'engine'));
    try {
      const profile = await engine.handlers.createProfile({
        profile: { name: 'Commune', siren: '212900351', archiveKind: 'demo' },
      });
      await engine.handlers.updateSettings({ largeFileConfirmMb: 1 });
      const file = sparsePdf(path.join(root, 'DE_2025_001_2025-03-14_plan (2.1).pdf'), 8 * 1024 * 1024);
      const first = await engine.handlers.intakePaths({ profileId: profile.id, paths: [root] });
      expect(first.accepted).toBe(0);
      expect(first.needsConfirmation).toEqual([
        expect.objectContaining({ path: file, size: 8 * 1024 * 1024, sparse: true }),
      ]);
      expect(first.needsConfirmation?.[0]?.message).toMatch(/fichier creux.*Confirmez/);
      expect((await engine.handlers.listDocuments({})).total).toBe(0);
      const confirmed = await engine.handlers.intakePaths({ profileId: profile.id, paths: [file], confirmLarge: true });
      expect(confirmed.accepted).toBe(1);
      expect(confirmed.needsConfirmation).toBeUndefined();
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('CLI: deposit refuses without --force, in French, exit 2, nothing sealed', { timeout: 90_000 }, async () => {
    const d = ['--data-dir', path.join(root, 'cli')];
    const env = cliEnv();
    expect(
      (await runCli([...d, 'profile', 'add', '--name', 'Mairie', '--siren', '212900351', '--archive', 'demo'], { env }))
        .code,
    ).toBe(0);
    expect((await runCli([...d, 'settings', 'set', 'largeFileConfirmMb', '1'], { env })).code).toBe(0);
    const file = sparsePdf(path.join(root, 'AR_2025_002_2025-03-15_voirie (8.3).pdf'), 4 * 1024 * 1024);
    const r = await runCli([...d, 'deposit', file], { env });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/fichier creux/);
    expect(r.stderr).toMatch(/--force/);
    const status = JSON.parse((await runCli([...d, '--json', 'status'], { env })).stdout) as { total: number };
    expect(status.total).toBe(0);
  });
});
