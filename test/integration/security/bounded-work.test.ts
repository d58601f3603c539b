// Issue 16 §7 — bounded work on hostile inputs: the PDF preview reads head and tail only
// (a huge sparse file costs no memory), a catastrophic naming rule is refused and a slow one
// runs under a time budget, and an address with user:password@ is refused without echoing it.
import { chmodSync, closeSync, openSync, rmSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readActMetadata, validateUserRules } from '../../../main/core/acts';
import { catastrophicReason } from '../../../main/core/acts/user-rules';
import { openEngine, pdfBytes, tempDir, writeFiles } from '../engine/helpers';

const root = tempDir('sceau-bounded-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('PDF preview reads the first and last MiB only', () => {
  it('a 1.5 GB sparse PDF: page count from its tail, memory bounded', async () => {
    const engine = await openEngine(path.join(root, 'pdf'));
    try {
      const profile = await engine.handlers.createProfile({
        profile: { name: 'Commune', siren: '212900351', archiveKind: 'demo' },
      });
      const [file] = writeFiles(path.join(root, 'in'), { 'DE_2025_001_2025-03-14_plan (2.1).pdf': pdfBytes('x') });
      const { documentIds } = await engine.handlers.intakePaths({ profileId: profile.id, paths: [file!] });
      const doc = engine.parts.documents.get(documentIds[0]!)!;
      // Replace the vault copy by a sparse giant whose page tree sits at the very end.
      const vaultFile = path.join(engine.parts.vaultDir, ...doc.vaultPath.split('/'));
      chmodSync(vaultFile, 0o600);
      const size = 1536 * 1024 * 1024;
      writeFileSync(vaultFile, '%PDF-1.7\n');
      const fd = openSync(vaultFile, 'r+');
      try {
        ftruncateSync(fd, size);
        const tail = Buffer.from('\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 412 >> endobj\n%%EOF\n', 'latin1');
        writeSync(fd, tail, 0, tail.length, size - tail.length);
      } finally {
        closeSync(fd);
      }
      const before = process.memoryUsage().rss;
      const started = Date.now();
      const detail = await engine.handlers.getDocument({ id: doc.id });
      const grew = process.memoryUsage().rss - before;
      expect(detail.preview).toEqual({ kind: 'pdf', pages: 412 });
      expect(grew).toBeLessThan(64 * 1024 * 1024);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await engine.close();
    }
  }, 60_000);
});

describe('user naming rules cannot block the engine', () => {
  it('refuses catastrophic patterns when a profile is saved, in French', async () => {
    const engine = await openEngine(path.join(root, 'rules'));
    try {
      await expect(
        engine.handlers.createProfile({
          profile: {
            name: 'Commune',
            siren: '212900351',
            archiveKind: 'demo',
            rules: [{ name: 'piège', pattern: '^(?<objet>(a+)+)$' }],
          },
        }),
      ).rejects.toThrow(/règle « piège » pourrait bloquer Sceau/);
      expect(await engine.handlers.listProfiles({})).toEqual([]);
    } finally {
      await engine.close();
    }
  }, 60_000);

  it.each([
    ['^(?<objet>(a+)+)$', true],
    ['(?<objet>(.*a)*)', true],
    ['(?<nature>a|aa)+$', true],
    ['(?<number>\\d+)\\1', true],
    ['(?<objet>(?:x+y?){2,})', true],
    ['^(?<number>\\d{1,5})[ _-]+(?<objet>.+)$', false],
    ['(?<nature>DE|AR)_(?<number>[0-9]+)', false],
    ['(?<objet>[^(]+)\\((?<classification>[0-9.]+)\\)', false],
  ])('%s → refused: %s', (pattern, refused) => {
    expect(catastrophicReason(pattern) !== null).toBe(refused);
  });

  it('a slow rule that passes the static check runs under a time budget, then is dropped', () => {
    const slow = { name: 'lente', pattern: '^(?<objet>(.*a){12})$' };
    const name = `${'a'.repeat(48)}b.pdf`;
    const started = Date.now();
    const reading = readActMetadata(name, [slow]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(reading.ruleName).not.toBe('lente');
    expect(validateUserRules([slow])).toEqual([
      expect.objectContaining({ rule: 'lente', unsafe: true, message: expect.stringMatching(/temps permis/) }),
    ]);
  });
});

describe('addresses with user:password@ are refused without repeating them', () => {
  it('proxy, time-stamping service and archive endpoints', async () => {
    const engine = await openEngine(path.join(root, 'urls'));
    try {
      const attempts: Array<() => Promise<unknown>> = [
        () =>
          engine.handlers.updateSettings({
            proxy: { mode: 'manual', url: 'http://jean.dupont:S3cr3t-Mairie@proxy.mairie.fr:3128' },
          }),
        () => engine.handlers.updateSettings({ tsaUrl: 'https://jean.dupont:S3cr3t-Mairie@tsa.exemple.fr/tsa' }),
        () =>
          engine.handlers.createProfile({
            profile: {
              name: 'Commune',
              siren: '212900351',
              archiveKind: 'asalae',
              endpoints: [{ url: 'https://jean.dupont:S3cr3t-Mairie@archive.exemple.fr/restservices' }],
            },
          }),
      ];
      for (const attempt of attempts) {
        const error = await attempt().then(
          () => null,
          (e: Error) => e,
        );
        expect(error?.message).toMatch(/contient un identifiant ou un mot de passe/);
        expect(error?.message).not.toContain('S3cr3t');
        expect(error?.message).not.toContain('jean.dupont');
      }
      const settings = await engine.handlers.getSettings({});
      expect(settings.values.proxy).toEqual({ mode: 'system' });
      expect(settings.values.tsaUrl).toBeNull();
      expect(JSON.stringify(engine.parts.db.prepare('SELECT * FROM settings').all())).not.toContain('S3cr3t');
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('addresses saved with a secret by an older version lose it at start-up', async () => {
    const dataDir = path.join(root, 'old-urls');
    const first = await openEngine(dataDir);
    first.parts.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(
        'app.settings',
        JSON.stringify({
          proxy: { mode: 'manual', url: 'http://jean.dupont:S3cr3t-Mairie@proxy.mairie.fr:3128' },
          tsaUrl: 'https://x:S3cr3t-Mairie@tsa.exemple.fr/tsa',
        }),
      );
    await first.close();
    const engine = await openEngine(dataDir);
    try {
      expect(JSON.stringify(engine.parts.db.prepare('SELECT * FROM settings').all())).not.toContain('S3cr3t');
      const { values } = await engine.handlers.getSettings({});
      expect(values.proxy).toEqual({ mode: 'manual', url: 'http://proxy.mairie.fr:3128/', username: 'jean.dupont' });
      expect(values.tsaUrl).toBe('https://tsa.exemple.fr/tsa');
    } finally {
      await engine.close();
    }
  }, 60_000);
});
