// Bad conditions of the machine rather than of the files: the vault's disk fills up while
// sealing (a 2 MiB tmpfs mounted on the vault), and files or folders the user may not read.
// These runs need root (mount; dropping to another uid, since root reads everything): each
// skips with a printed reason where that is not possible.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createUserStage, type UserStage } from '../tools/user-stage';
import type { IntakeResult } from '../../main/contract/api';
import { bundle } from '../integration/sync/child-process';
import { corpusDir, pdf, sha256, write } from './generate';
import {
  expectSealedAs,
  expectSourcesUntouched,
  expectVaultAndJournalVerify,
  openCorpusEngine,
  type CorpusEngine,
} from './corpus-helpers';

const isRoot = process.getuid?.() === 0;

function tryMount(dir: string, size: string): string | null {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? null : (r.stderr || r.error?.message || `mount exited ${r.status}`).trim();
}

describe('disk full while writing the vault (2 MiB tmpfs on the vault)', () => {
  let c: CorpusEngine | null = null;
  let vault = '';
  let mounted = false;
  let dataRoot = '';
  afterAll(async () => {
    await c?.close().catch(() => undefined);
    if (mounted) spawnSync('umount', ['-l', vault]);
    if (dataRoot && !process.env.KEEP_CORPUS) rmSync(dataRoot, { recursive: true, force: true });
  });

  it('the file that does not fit is refused in French, its neighbours are sealed, nothing half-written stays; with room again it goes in', async (ctx) => {
    dataRoot = corpusDir('disque-plein');
    const dataDir = path.join(dataRoot, 'donnees-sceau');
    vault = path.join(dataDir, 'vault');
    mkdirSync(vault, { recursive: true });
    const why = isRoot ? tryMount(vault, '2m') : 'not root';
    if (why) {
      console.log(`[corpus] disk-full case skipped: cannot mount a tmpfs on the vault (${why})`);
      ctx.skip();
      return;
    }
    mounted = true;
    c = await openCorpusEngine('disque-plein-depot', { dataDir });
    const dir = path.join(c.root, 'depose');
    const small1 = write(dir, 'DE_2024_601_petit avant.pdf', pdf('petit avant'));
    const big = write(
      dir,
      'DE_2024_602_trop gros pour le disque.pdf',
      Buffer.concat([pdf('gros'), randomBytes(3 * 1024 * 1024)]),
    );
    const small2 = write(dir, 'DE_2024_603_petit apres.pdf', pdf('petit apres'));
    const sources = Object.fromEntries([small1, big, small2].map((p) => [p, sha256(readFileSync(p))]));

    const r: IntakeResult = await c.engine.handlers.intakePaths({
      profileId: c.profileId,
      paths: [small1, big, small2],
    });
    const byPath = (res: IntakeResult, p: string) =>
      res.documentIds.find((id) => c!.engine.parts.documents.get(id)?.sourcePath === p);
    const diskFull = /plus de place|espace (disque )?(libre )?insuffisant|disque (est )?plein/i;
    expect(byPath(r, big)).toBeUndefined();
    const refusal = r.ignored.find((i) => i.path === big);
    expect(refusal, 'the big file is reported').toBeTruthy();
    console.log(`[corpus] disk full → ${JSON.stringify(refusal?.reason)}`);
    expect.soft(refusal!.reason).toMatch(diskFull);
    expect.soft(refusal!.reason).not.toMatch(/ENOSPC|no space left/);
    // A neighbour is sealed, or (written while the big file's partial copy held the space)
    // refused the same way: which depends on the order the disk filled up, never half-kept.
    for (const small of [small1, small2]) {
      const id = byPath(r, small);
      if (id) expectSealedAs(c.engine, id, sources[small]!);
      else expect(r.ignored.find((i) => i.path === small)?.reason, `${small} sealed or told`).toMatch(diskFull);
    }
    expectSourcesUntouched(sources);
    await expectVaultAndJournalVerify(c.engine);

    // Room again (the IT service grew the disk): the same drop now seals all of it.
    execFileSync('mount', ['-o', 'remount,size=16m', vault]);
    const again = await c.engine.handlers.intakePaths({ profileId: c.profileId, paths: [small1, big, small2] });
    expect(again.ignored).toEqual([]);
    for (const p of [small1, big, small2]) expectSealedAs(c.engine, byPath(again, p)!, sources[p]!);
    await expectVaultAndJournalVerify(c.engine);
  }, 60_000);
});

const NOBODY = 65534;

// Node, the child bundles, packages and assets staged where nobody can read them, so the
// checkout itself may sit in a folder only root traverses (root's home, a 0700 mktemp -d).
let stage: UserStage | null = null;
const userStage = (): UserStage => (stage ??= createUserStage());
afterAll(() => {
  if (!process.env.KEEP_CORPUS) stage?.dispose();
});

/**
 * A corpus folder the engine can run in as `nobody` (root reads everything, so permissions
 * can only be tested from another uid): inside the stage, its data folder belongs to nobody.
 */
function unprivilegedRoot(name: string): { root: string; dataDir: string } {
  const root = userStage().folder(name);
  onTestFinished(() => {
    if (!process.env.KEEP_CORPUS) rmSync(root, { recursive: true, force: true });
  });
  const dataDir = path.join(root, 'donnees-sceau');
  mkdirSync(dataDir);
  chownSync(dataDir, NOBODY, NOBODY);
  return { root, dataDir };
}

/** Runs a bundled child engine as nobody; returns its last stdout line, parsed. */
function runAsNobody<T>(entry: string, args: unknown, dataDir: string): T {
  const run = spawnSync(userStage().node, [userStage().entry(entry), JSON.stringify(args)], {
    uid: NOBODY,
    gid: NOBODY,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, HOME: dataDir, DBUS_SESSION_BUS_ADDRESS: '' },
  });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  expect(line, run.stderr).toMatch(/^\{/);
  return JSON.parse(line) as T;
}

describe('files and folders the user may not read (engine running as an unprivileged user)', () => {
  it('an unreadable file and unreadable folders are reported in French, the readable neighbour is sealed', async (ctx) => {
    if (!isRoot) {
      console.log('[corpus] permission cases skipped: they need root to start the engine as another user');
      ctx.skip();
      return;
    }
    const { root, dataDir } = unprivilegedRoot('lecture');
    const dir = path.join(root, 'depose');
    const readable = write(dir, 'DE_2024_701_lisible.pdf', pdf('lisible'));
    const unreadable = write(dir, 'DE_2024_702_illisible.pdf', pdf('illisible'));
    chmodSync(unreadable, 0o000);
    const closedDir = path.join(dir, 'dossier ferme');
    write(closedDir, 'DE_2024_703_dans un dossier ferme.pdf', pdf('ferme'));
    chmodSync(closedDir, 0o000);
    const openDir = path.join(dir, 'dossier ouvert');
    const inOpen = write(openDir, 'DE_2024_704_lisible aussi.pdf', pdf('ouvert'));
    const closedSub = path.join(openDir, 'sous-dossier ferme');
    write(closedSub, 'DE_2024_705_cache.pdf', pdf('sous ferme'));
    chmodSync(closedSub, 0o000);
    for (const d of [root, dir, openDir]) chmodSync(d, 0o755);

    const entry = await bundle(path.join(import.meta.dirname, 'children', 'intake-child.ts'));
    type ChildOut =
      | {
          ok: true;
          intake: IntakeResult;
          docs: Array<{ sourcePath: string; state: string; hex: string }>;
          integrity: boolean;
        }
      | { ok: false; error: string };
    const drop = (paths: string[]): ChildOut => runAsNobody<ChildOut>(entry, { dataDir, paths }, dataDir);
    const PERMISSION = /droits?|autoris|accès (est )?refusé|pas le droit/i;
    const expectPermissionReason = (out: ChildOut, p: string) => {
      if (!out.ok) return;
      const reason = out.intake.ignored.find((i) => i.path === p)?.reason;
      console.log(`[corpus] ${path.basename(p)} → ${JSON.stringify(reason)}`);
      expect.soft(reason, `${path.basename(p)} is reported`).toBeTruthy();
      // Not "ouvert par un autre programme": nobody has it open; Sceau may not read it.
      expect.soft((reason ?? '').split(p).join('«chemin»')).toMatch(PERMISSION);
      expect.soft(reason ?? '').not.toMatch(/EACCES|permission denied/);
    };

    // 1. An unreadable file, and a readable folder holding an unreadable sub-folder.
    const first = drop([readable, unreadable, openDir]);
    expect(first.ok, first.ok ? '' : first.error).toBe(true);
    if (first.ok) {
      expect(first.integrity).toBe(true);
      expect(first.docs.map((d) => d.sourcePath).sort()).toEqual([readable, inOpen].sort());
      for (const d of first.docs) expect(d.hex).toBe(sha256(readFileSync(d.sourcePath)));
    }
    expectPermissionReason(first, unreadable);
    expectPermissionReason(first, closedSub);

    // 2. A folder the user may not open, dropped with a readable file: the drop still works.
    const other = write(dir, 'DE_2024_706_lisible avec le dossier ferme.pdf', pdf('lisible 2'));
    const second = drop([other, closedDir]);
    console.log(
      `[corpus] unreadable folder drop → ${JSON.stringify(second.ok ? second.intake.ignored : second.error)}`,
    );
    expect(second.ok, second.ok ? '' : `the whole drop failed: ${second.error}`).toBe(true);
    if (second.ok) expect(second.docs.map((d) => d.sourcePath)).toContain(other);
    expectPermissionReason(second, closedDir);
  }, 60_000);
});

describe('a watched folder holding a sub-folder the user may not read', () => {
  it('is told once, shown on the folder until readable, and its files come in once it is', async (ctx) => {
    if (!isRoot) {
      console.log('[corpus] watched unreadable sub-folder skipped: it needs root to start the engine as another user');
      ctx.skip();
      return;
    }
    const { root, dataDir } = unprivilegedRoot('surveille-illisible');
    const watched = path.join(root, 'Actes');
    const readable = write(watched, 'DE_2024_801_lisible.pdf', pdf('lisible'));
    const closed = path.join(watched, 'RH confidentiel');
    const hidden = write(closed, 'AR_2024_802_dans le dossier ferme.pdf', pdf('ferme'));
    chmodSync(closed, 0o000);
    chmodSync(watched, 0o755);

    const entry = await bundle(path.join(import.meta.dirname, 'children', 'watch-child.ts'));
    type Out =
      | {
          ok: true;
          errors: Array<{ path: string; message: string }>;
          status: string;
          message: string | null;
          docs: string[];
        }
      | { ok: false; error: string };
    const run = (): Out => runAsNobody<Out>(entry, { dataDir, folder: watched }, dataDir);

    // Three scans: one message for the closed folder (not one per scan), the folder says so.
    const first = run();
    if (!first.ok) throw new Error(first.error);
    console.log(`[corpus] watched unreadable sub-folder → ${JSON.stringify(first.errors)} / ${first.message}`);
    expect(first.docs).toEqual([readable]);
    expect(first.errors.filter((e) => e.path === closed)).toHaveLength(1);
    expect(first.errors[0]!.message).toMatch(/Dossier illisible : accès refusé .*Vérifiez ses droits/);
    expect(first.status).toBe('watching');
    expect(first.message).toContain(closed);

    // The IT service fixes the rights: the next start seals what was inside, the warning goes.
    chmodSync(closed, 0o755);
    chmodSync(hidden, 0o644);
    const second = run();
    if (!second.ok) throw new Error(second.error);
    expect(second.errors).toEqual([]);
    expect(second.message).toBeNull();
    expect(second.docs.sort()).toEqual([readable, hidden].sort());
  }, 60_000);
});
