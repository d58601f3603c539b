import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  closeSync,
  copyFileSync,
} from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CaptureService, type CaptureSettings } from '../../../main/core/capture/service';
import { chooseWatchMode, isNetworkPath } from '../../../main/core/capture';
import { IgnoreRules } from '../../../main/core/capture/ignore';
import { WatchedFolderRepository, type WatchedFolder } from '../../../main/core/store/watched-folders';
import { DocumentRepository } from '../../../main/core/store/documents';
import { verifyJournal } from '../../../main/core/seal/verify';
import { leftoverTempFiles, vaultAbsolutePath } from '../../../main/core/seal/vault';
import { readActMetadata } from '../../../main/core/acts';
import { makeFixture, type Fixture } from '../../unit/capture/helpers';
import { sleep, waitFor } from '../../tools/wait';
import { pdf } from '../../tools/pdf';

let fx: Fixture;
let service: CaptureService | null = null;
let watchDir: string;

beforeEach(() => {
  fx = makeFixture('sceau-intake-');
  watchDir = join(fx.dir, 'Actes');
  mkdirSync(watchDir);
});
afterEach(async () => {
  await service?.stop();
  service = null;
  fx.cleanup();
});

const FAST: CaptureSettings = { stabilityDelayMs: 400, pollIntervalMs: 300, lockedRetryMs: 200 };

function newService(settings: CaptureSettings = FAST): CaptureService {
  service = new CaptureService({ db: fx.db, vaultDir: fx.vaultDir, bus: fx.bus, settings });
  return service;
}
function addFolder(extra: Partial<WatchedFolder> = {}): WatchedFolder {
  return new WatchedFolderRepository(fx.db).add({ profileId: fx.profileId, path: watchDir, ...extra });
}
function docCount(): number {
  return (fx.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
}
const docs = (): DocumentRepository => new DocumentRepository(fx.db);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('watched folder (native)', () => {
  it('seals a slowly written file once, after it is complete', async () => {
    addFolder();
    const s = newService({ ...FAST, stabilityDelayMs: 800 });
    await s.start();
    const file = join(watchDir, 'Délibérations 2024-03-12 DE 045 Budget.pdf');
    const fd = openSync(file, 'w');
    const parts: Buffer[] = [];
    for (let i = 0; i < 10; i++) {
      const part = randomBytes(64 * 1024);
      parts.push(part);
      writeSync(fd, part);
      await sleep(300); // 3 s in total, pauses shorter than the stability delay
    }
    closeSync(fd);
    await waitFor(() => docCount() === 1, 10_000);
    await sleep(1200); // any late duplicate would show up here
    await s.idle();
    const all = docs().list().items;
    expect(all).toHaveLength(1);
    expect(all[0]!.fingerprintHex).toBe(sha(Buffer.concat(parts)));
    expect(all[0]!.size).toBe(10 * 64 * 1024);
    expect(readFileSync(vaultAbsolutePath(fx.vaultDir, all[0]!.vaultPath)).equals(Buffer.concat(parts))).toBe(true);
  });

  it('ignored names never enter; excluded sub-folders neither', async () => {
    mkdirSync(join(watchDir, 'Brouillons'));
    addFolder({ exclusions: ['Brouillons'] });
    const s = newService();
    await s.start();
    for (const n of [
      '~$budget.docx',
      'x.tmp',
      '.~lock.acte.odt#',
      'Thumbs.db',
      'desktop.ini',
      '.DS_Store',
      'a.part',
      'b.crdownload',
      'c.download',
      '._acte.pdf',
      '.cache',
    ])
      writeFileSync(join(watchDir, n), 'x');
    writeFileSync(join(watchDir, 'Brouillons', 'brouillon.pdf'), 'x');
    writeFileSync(join(watchDir, 'vrai.pdf'), 'contenu réel');
    await waitFor(() => docCount() === 1);
    await sleep(800);
    await s.rescan();
    expect(
      docs()
        .list()
        .items.map((d) => d.fileName),
    ).toEqual(['vrai.pdf']);
  });

  it('a rename is recorded as a move, without a new document or a new seal', async () => {
    addFolder();
    const s = newService();
    await s.start();
    writeFileSync(join(watchDir, 'acte.pdf'), 'contenu de l’acte');
    await waitFor(() => docCount() === 1);
    await s.idle();
    const before = docs().list().items[0]!;
    renameSync(join(watchDir, 'acte.pdf'), join(watchDir, 'acte-renommé.pdf'));
    await waitFor(() => docs().get(before.id)?.fileName === 'acte-renommé.pdf');
    await s.idle();
    expect(docCount()).toBe(1);
    const entries = s.journal.entriesFor(before.id);
    expect(entries.filter((e) => e.type === 'moved')).toHaveLength(1);
    expect(entries.filter((e) => (e.data as { to?: string }).to === 'sealed')).toHaveLength(1);
    expect((await verifyJournal(fx.db, fx.vaultDir)).ok).toBe(true);
  });

  it('files added while the service is stopped are sealed on restart', async () => {
    addFolder();
    const s1 = newService();
    await s1.start();
    writeFileSync(join(watchDir, 'avant.pdf'), 'avant');
    await waitFor(() => docCount() === 1);
    await s1.stop();
    mkdirSync(join(watchDir, 'Arrêtés'));
    writeFileSync(join(watchDir, 'pendant-1.pdf'), 'pendant 1');
    writeFileSync(join(watchDir, 'Arrêtés', 'pendant-2.pdf'), 'pendant 2');
    const s2 = newService();
    await s2.start();
    await waitFor(() => docCount() === 3);
    await s2.rescan();
    expect(docCount()).toBe(3);
    expect(
      docs()
        .list()
        .items.map((d) => d.relativePath)
        .sort(),
    ).toEqual(['Arrêtés/pendant-2.pdf', 'avant.pdf', 'pendant-1.pdf']);
  });

  it('a folder moved into the watched folder is captured entirely', async () => {
    addFolder();
    const s = newService();
    await s.start();
    const outside = join(fx.dir, 'dehors');
    mkdirSync(join(outside, 'sous'), { recursive: true });
    for (let i = 0; i < 5; i++) writeFileSync(join(outside, 'sous', `f${i}.pdf`), `f${i}`);
    renameSync(outside, join(watchDir, 'dehors'));
    await waitFor(() => docCount() === 5);
  });
});

describe('watched folder (polling, as on a network share)', () => {
  it('detects new and changed files by listing', async () => {
    const folder = addFolder({ mode: 'polling' });
    const s = newService();
    await s.start();
    expect(s.watchModeOf(folder.id)).toBe('polling');
    writeFileSync(join(watchDir, 'partage.pdf'), 'version 1');
    await waitFor(() => docCount() === 1);
    await sleep(50);
    writeFileSync(join(watchDir, 'partage.pdf'), 'version 2, plus longue');
    await waitFor(() => docCount() === 2);
    expect(
      new Set(
        docs()
          .list()
          .items.map((d) => d.fingerprintHex),
      ).size,
    ).toBe(2);
  });

  it('chooses polling for SMB/NFS mounts and UNC paths', () => {
    const mounts =
      '/dev/vda / ext4 rw 0 0\n//srv/actes /mnt/mairie cifs rw 0 0\nsrv:/export /mnt/nfs\\040partage nfs4 rw 0 0\n';
    expect(isNetworkPath('/mnt/mairie/Délibérations', mounts)).toBe(true);
    expect(isNetworkPath('/mnt/nfs partage/x', mounts)).toBe(true);
    expect(isNetworkPath('/home/secretaire/Actes', mounts)).toBe(false);
    expect(isNetworkPath('\\\\serveur\\partage\\Actes')).toBe(true);
    expect(chooseWatchMode({ path: '/home/x', mode: 'auto' }, true)).toBe('polling');
    expect(chooseWatchMode({ path: '/home/x', mode: 'native' })).toBe('native');
  });

  it('ignore rules: names, globs and prefixes', () => {
    const r = new IgnoreRules(['Brouillons', '**/old', '2019-*']);
    expect(r.isIgnored('Brouillons/a.pdf')).toBe(true);
    expect(r.isIgnored('brouillons/a.pdf')).toBe(true);
    expect(r.isIgnored('x/y/old/a.pdf')).toBe(true);
    expect(r.isIgnored('2019-budget/a.pdf')).toBe(true);
    expect(r.isIgnored('2020/a.pdf')).toBe(false);
    expect(r.isIgnored('a/~$b.docx')).toBe(true);
  });
});

describe('dropped files and folders', () => {
  it('1,000 files dropped at once are all sealed exactly once', async () => {
    const drop = join(fx.dir, 'Dépôt');
    mkdirSync(join(drop, 'sous-dossier'), { recursive: true });
    const paths: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const p = join(drop, i % 2 ? 'sous-dossier' : '', `acte-${i}.pdf`);
      writeFileSync(p, `acte ${i}`);
      if (i % 2 === 0) paths.push(p);
    }
    const s = newService();
    // Half as loose files, half through their folder; plus the same folder twice.
    const [r1, r2] = await Promise.all([
      s.intake(fx.profileId, [...paths, join(drop, 'sous-dossier')], 'drop'),
      s.intake(fx.profileId, [join(drop, 'sous-dossier')], 'drop'),
    ]);
    expect(r1.errors).toEqual([]);
    expect(r2.errors).toEqual([]);
    expect(docCount()).toBe(1000);
    expect((fx.db.prepare('SELECT count(DISTINCT fingerprint_hex) AS n FROM documents').get() as { n: number }).n).toBe(
      1000,
    );
    expect(leftoverTempFiles(fx.vaultDir)).toEqual([]);
    const v = await verifyJournal(fx.db, fx.vaultDir);
    expect(v.ok).toBe(true);
  });

  it('sets metadata states, duplicates, auto-archived flows and act families', async () => {
    const drop = join(fx.dir, 'Délibérations');
    mkdirSync(drop);
    const act = join(drop, '2024-03-12 DE 045 Budget primitif (7.1).pdf');
    writeFileSync(act, pdf('acte complet')); // a readable PDF: a « .pdf » that is none is held « à vérifier »
    writeFileSync(join(drop, 'notes.pdf'), 'notes');
    const pes = join(fx.dir, 'PESALR2_21350238800015_240312_1530.xml');
    writeFileSync(
      pes,
      '<?xml version="1.0"?><PES_Aller xmlns="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller"></PES_Aller>',
    );
    const s = newService();
    await s.intake(fx.profileId, [drop, pes], 'drop');
    const byName = new Map(
      docs()
        .list()
        .items.map((d) => [d.fileName, d]),
    );
    expect(byName.get('2024-03-12 DE 045 Budget primitif (7.1).pdf')?.state).toBe('ready');
    expect(byName.get('2024-03-12 DE 045 Budget primitif (7.1).pdf')?.metadata).toMatchObject({
      nature: 'DE',
      date: '2024-03-12',
      classification: '7.1',
    });
    const notes = byName.get('notes.pdf')!;
    expect(notes.state).toBe('needs_metadata');
    expect(notes.reason).toMatch(/^À compléter : /);
    expect(byName.get('PESALR2_21350238800015_240312_1530.xml')).toMatchObject({ state: 'skipped_auto_archived' });
    expect(byName.get('PESALR2_21350238800015_240312_1530.xml')?.reason).toMatch(/Hélios/);

    const copy = join(fx.dir, 'copie du budget.pdf');
    copyFileSync(act, copy);
    await s.intake(fx.profileId, [copy], 'cli');
    const dup = docs().list({ state: 'duplicate' }).items;
    expect(dup).toHaveLength(1);
    expect(dup[0]!.reason).toMatch(/identique à « 2024-03-12 DE 045 Budget primitif \(7\.1\)\.pdf »/);

    // An annex dropped later attaches to its act when the acts module groups them.
    const annexName = '2024-03-12 DE 045 Budget primitif - annexe 1.pdf';
    const reading = readActMetadata(`Délibérations/${annexName}`);
    writeFileSync(join(drop, annexName), 'annexe');
    const again = await s.intake(fx.profileId, [drop], 'drop');
    expect(again.results.filter((r) => r.kind === 'unchanged')).toHaveLength(2);
    const annex = docs().list({ text: 'annexe 1' }).items[0]!;
    if (
      reading.role === 'annex' &&
      reading.actKey === byName.get('2024-03-12 DE 045 Budget primitif (7.1).pdf')!.actKey
    ) {
      expect(annex.parentId).toBe(byName.get('2024-03-12 DE 045 Budget primitif (7.1).pdf')!.id);
    }
    expect(annex.role).toBe(reading.role);
    expect((await verifyJournal(fx.db, fx.vaultDir)).ok).toBe(true);
  });

  it('small files sealed in one go emit no seal.progress; a streamed seal reports its progress to the end', async () => {
    // 10,000 one-go « done » events per drop cost every host and drew nothing (review of issue 18).
    const drop = join(fx.dir, 'progression');
    mkdirSync(drop, { recursive: true });
    for (let i = 0; i < 5; i++) writeFileSync(join(drop, `DE_2024_${300 + i}_petit.pdf`), `petit ${i}`);
    const big = join(drop, 'gros.pdf');
    writeFileSync(big, randomBytes(3 * 1024 * 1024));
    const s = newService({ ...FAST, workerThreshold: Infinity });
    const seen: Array<{ path: string; bytes: number; totalBytes: number }> = [];
    const off = fx.bus.on((e) => {
      if (e.type === 'seal.progress') seen.push(e);
    });
    const report = await s.intake(fx.profileId, [drop], 'drop');
    off();
    expect(report.results.filter((r) => r.kind === 'created')).toHaveLength(6);
    expect(new Set(seen.map((e) => e.path))).toEqual(new Set([big]));
    expect(seen.at(-1)).toMatchObject({ bytes: 3 * 1024 * 1024, totalBytes: 3 * 1024 * 1024 });
  });

  it('a file vanishing during its seal leaves no document and no temp file', async () => {
    const big = join(fx.dir, 'gros.pdf');
    writeFileSync(big, randomBytes(40 * 1024 * 1024));
    const s = newService({ ...FAST, workerThreshold: Infinity });
    const off = fx.bus.on((e) => {
      if (e.type === 'seal.progress' && e.path === big && e.bytes < e.totalBytes) {
        try {
          unlinkSync(big);
        } catch {
          // already gone
        }
      }
    });
    const report = await s.intake(fx.profileId, [big], 'drop');
    off();
    expect(report.results[0]!.kind).toBe('vanished');
    expect(docCount()).toBe(0);
    expect(leftoverTempFiles(fx.vaultDir)).toEqual([]);
  });

  it('a missing dropped path is reported in French', async () => {
    const s = newService();
    const r = await s.intake(fx.profileId, [join(fx.dir, 'inexistant.pdf')], 'drop');
    expect(r.errors[0]!.message).toMatch(/introuvable/);
  });
});
