// Issue 16 §3 — least file-system reach. Attacks as an audit ran them: a page holding the web
// token asks the real web host (run from its sources) to take /etc/passwd or a 0600 file,
// to list a directory, or to hand back a file; in the desktop mode, a renderer that was not
// given a path by a real drop or dialog tries the same. Each must be refused.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openEngine, pdfBytes, tempDir, writeFiles } from '../engine/helpers';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

interface Envelope {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

describe('web host: the token is not the whole file system', () => {
  const dir = tempDir('sceau-reach-web-');
  const secret = path.join(dir, 'secret-0600.txt');
  let child: ChildProcess;
  let ws: WebSocket;
  let nextId = 1;

  const call = (channel: string, request: unknown): Promise<Envelope> =>
    new Promise((resolve) => {
      const id = nextId++;
      const onMessage = (raw: WebSocket.RawData) => {
        const frame = JSON.parse(String(raw)) as { kind: string; id?: number; envelope?: Envelope };
        if (frame.kind === 'result' && frame.id === id) {
          ws.off('message', onMessage);
          resolve(frame.envelope!);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ kind: 'call', id, channel, request }));
    });

  beforeAll(async () => {
    writeFileSync(secret, 'mot de passe du maire');
    chmodSync(secret, 0o600);
    child = spawn(
      process.execPath,
      [
        '--experimental-transform-types',
        '--no-warnings',
        '--import',
        './bench/capture/ts-hooks.ts',
        'main/web/host.ts',
        '--data-dir',
        path.join(dir, 'data'),
        '--json',
      ],
      { cwd: ROOT, env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'disabled:' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`web host exited (${code})`)));
    });
    const info = JSON.parse(line) as { port: number; token: string };
    ws = new WebSocket(`ws://127.0.0.1:${info.port}/api`, ['sceau.v1', `token.${info.token}`], {
      origin: `http://127.0.0.1:${info.port}`,
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  }, 60_000);

  afterAll(async () => {
    ws?.close();
    if (child && child.exitCode === null) {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a path for intake (/etc/passwd, a 0600 file): uploads only, nothing sealed', async () => {
    const created = await call('createProfile', {
      profile: { name: 'Commune attaquée', siren: '212900351', archiveKind: 'demo' },
    });
    expect(created.ok).toBe(true);
    const profileId = (created.value as { id: string }).id;
    for (const target of ['/etc/passwd', secret]) {
      const r = await call('intakePaths', { profileId, paths: [target] });
      expect(r.ok, JSON.stringify(r)).toBe(false);
      expect(r.error?.code).toBe('forbidden');
      expect(r.error?.message).toMatch(/glisser-déposer/);
    }
    const listed = await call('listDocuments', {});
    expect((listed.value as { total: number }).total).toBe(0);
  }, 60_000);

  it('refuses to watch a system or hidden folder (its files would be sealed and handed back)', async () => {
    const [profile] = (await call('listProfiles', {})).value as { id: string }[];
    for (const target of ['/etc', path.join(dir, '.ssh')]) {
      mkdirSync(target, { recursive: true });
      try {
        const r = await call('addFolder', { profileId: profile!.id, path: target });
        expect(r.ok, JSON.stringify(r)).toBe(false);
        expect(r.error?.code).toBe('forbidden');
        expect(r.error?.message).toMatch(/dossier personnel/);
      } finally {
        if (target !== '/etc') rmSync(target, { recursive: true, force: true });
      }
    }
    const documents = path.join(dir, 'Actes');
    mkdirSync(documents);
    expect((await call('addFolder', { profileId: profile!.id, path: documents })).ok).toBe(true);
  }, 30_000);

  it('refuses to list a directory that is not a watched folder', async () => {
    for (const target of ['/etc', dir]) {
      const r = await call('previewRules', { path: target });
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('forbidden');
      expect(r.error?.message).toMatch(/dossier surveillé/);
    }
  }, 30_000);
});

describe('desktop mode: paths only from a real drop or dialog, or a watched folder', () => {
  it('takes a granted path, refuses others, and forgets a grant after its lifetime', async () => {
    const dir = tempDir('sceau-reach-granted-');
    const engine = await openEngine(path.join(dir, 'data'), { fileAccess: 'granted' });
    try {
      const profile = await engine.handlers.createProfile({
        profile: { name: 'Commune', siren: '212900351', archiveKind: 'demo' },
      });
      const [dropped, other] = writeFiles(path.join(dir, 'bureau'), {
        'DE_2025_001_2025-03-14_budget (7.1).pdf': pdfBytes('a'),
        'AR_2025_002_2025-03-15_voirie.pdf': pdfBytes('b'),
      });
      await expect(engine.handlers.intakePaths({ profileId: profile.id, paths: ['/etc/passwd'] })).rejects.toThrow(
        /déposés dans sa fenêtre/,
      );
      await expect(engine.handlers.intakePaths({ profileId: profile.id, paths: [other!] })).rejects.toThrow(
        /1 chemin\(s\) refusé/,
      );
      engine.parts.fileAccess.grant([dropped!]);
      const ok = await engine.handlers.intakePaths({ profileId: profile.id, paths: [dropped!] });
      expect(ok.accepted).toBe(1);
      // A listing is allowed on a watched folder only (or one just chosen in the dialog).
      await expect(engine.handlers.previewRules({ path: path.join(dir, 'bureau') })).rejects.toThrow(/surveillé/);
      const watched = path.join(dir, 'surveillé');
      mkdirSync(watched);
      writeFiles(watched, { 'AR_2025_003_2025-03-16_cantine.pdf': pdfBytes('c') });
      await engine.handlers.addFolder({ profileId: profile.id, path: watched });
      expect(await engine.handlers.previewRules({ path: watched })).toHaveLength(1);
      const inside = path.join(watched, 'AR_2025_003_2025-03-16_cantine.pdf');
      expect((await engine.handlers.intakePaths({ profileId: profile.id, paths: [inside] })).documentIds).toHaveLength(
        1,
      );
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a grant expires', async () => {
    const { FileAccess } = await import('../../../main/core/app/file-access');
    let now = 1_000;
    const access = new FileAccess(
      'granted',
      () => [],
      () => now,
      60_000,
    );
    access.grant(['/home/maire/acte.pdf']);
    expect(() => access.checkIntake(['/home/maire/acte.pdf'])).not.toThrow();
    expect(() => access.checkIntake(['/home/maire/../maire/acte.pdf'])).not.toThrow();
    expect(() => access.checkIntake(['/home/maire/acte.pdf/../../../etc/passwd'])).toThrow();
    now += 60_001;
    expect(() => access.checkIntake(['/home/maire/acte.pdf'])).toThrow();
  });
});

describe('openOriginal serves only the vault copy of a known document', () => {
  it('refuses a record pointing outside the vault, and a copy whose bytes changed', async () => {
    const dir = tempDir('sceau-reach-original-');
    const engine = await openEngine(path.join(dir, 'data'));
    try {
      const profile = await engine.handlers.createProfile({
        profile: { name: 'Commune', siren: '212900351', archiveKind: 'demo' },
      });
      const [file] = writeFiles(path.join(dir, 'in'), { 'DE_2025_001_2025-03-14_budget (7.1).pdf': pdfBytes('a') });
      const { documentIds } = await engine.handlers.intakePaths({ profileId: profile.id, paths: [file!] });
      const id = documentIds[0]!;
      const good = await engine.handlers.openOriginal({ documentId: id });
      expect(readFileSync(engine.resolveExport(good.exportId)!.path)).toEqual(readFileSync(file!));

      const doc = engine.parts.documents.get(id)!;
      // A tampered record (vault_path rewritten to reach out) must not hand /etc/passwd back.
      engine.parts.db
        .prepare('UPDATE documents SET vault_path = ? WHERE id = ?')
        .run('../../../../../../etc/passwd', id);
      await expect(engine.handlers.openOriginal({ documentId: id })).rejects.toThrow(/coffre/);
      engine.parts.db.prepare('UPDATE documents SET vault_path = ? WHERE id = ?').run(doc.vaultPath, id);
      // The vault copy changed underneath: refused, not served.
      const vaultFile = path.join(engine.parts.vaultDir, ...doc.vaultPath.split('/'));
      chmodSync(vaultFile, 0o600);
      writeFileSync(vaultFile, 'autre contenu');
      await expect(engine.handlers.openOriginal({ documentId: id })).rejects.toThrow(/empreinte/);
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
