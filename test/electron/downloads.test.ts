// The desktop download path at its module boundary: the BUILT sandboxed preload's
// download() → IPC → main/electron/downloads.ts → save dialog → file written where the
// dialog said, with the fake `electron` module (fake-electron.ts). And the renderer's
// notice says « téléchargé » / « enregistré » only when the file was written.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DownloadOutcome, SceauApi } from '../../main/contract/api';
import { DOWNLOAD_CHANNEL } from '../../main/contract/api';
import { createFakeElectron } from './fake-electron';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sceau-download-'));
const fake = createFakeElectron(path.join(tmp, 'Téléchargements'));
vi.mock('electron', () => fake.module);

const bundle = path.resolve('dist/electron/preload.cjs');
const exportFile = path.join(tmp, 'exports', 'e1', 'attestation-versement-SCEAU_1.pdf');
const bytes = Buffer.from('%PDF-1.4\nattestation\n%%EOF\n');
let trusted = true;
const logs: string[] = [];

function loadPreload(): SceauApi {
  const requireStub = (name: string) => {
    if (name === 'electron') return fake.module;
    throw new Error(`the sandboxed preload may only require electron, not ${name}`);
  };
  const module = { exports: {} };
  vm.runInNewContext(readFileSync(bundle, 'utf8'), { require: requireStub, module, exports: module.exports, console });
  return fake.exposed.sceau as SceauApi;
}

beforeAll(async () => {
  // Built again when older than its source (the test must see today's preload).
  const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < statSync('preload/index.ts').mtimeMs;
  if (stale) execFileSync(process.execPath, ['scripts/build.mjs', 'node'], { stdio: 'inherit' });
  mkdirSync(path.dirname(exportFile), { recursive: true });
  mkdirSync(fake.downloadsDir, { recursive: true });
  writeFileSync(exportFile, bytes);
  const { registerDownloads } = await import('../../main/electron/downloads');
  registerDownloads({
    resolveExport: (id) => (id === 'e1' ? { path: exportFile, fileName: path.basename(exportFile) } : null),
    trusted: () => trusted,
    log: (line) => logs.push(line),
  });
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ref = { exportId: 'e1', fileName: 'attestation-versement-SCEAU_1.pdf' };

describe('desktop download (save dialog)', () => {
  it('writes the file where the save dialog says, and only then reports it saved', async () => {
    const api = loadPreload();
    const chosen = path.join(tmp, 'Mes documents', 'attestation.pdf');
    mkdirSync(path.dirname(chosen), { recursive: true });
    fake.nextSave = chosen;
    const outcome = await api.download(ref);
    expect(outcome).toEqual({ saved: true, savedTo: chosen });
    expect(readFileSync(chosen)).toEqual(bytes);
    // The dialog opened on the user's Downloads folder with the export's own name, over our window.
    const call = fake.saveDialogCalls.at(-1);
    expect(call?.options.defaultPath).toBe(path.join(fake.downloadsDir, ref.fileName));
    expect(call?.window).toMatchObject({ id: 1 });
    expect(fake.handlers.has(DOWNLOAD_CHANNEL)).toBe(true);
  });

  it('writes nothing and says not saved when the dialog is closed', async () => {
    const api = loadPreload();
    fake.nextSave = null;
    const before = fake.saveDialogCalls.length;
    await expect(api.download(ref)).resolves.toEqual({ saved: false });
    expect(fake.saveDialogCalls.length).toBe(before + 1);
    expect(existsSync(path.join(fake.downloadsDir, ref.fileName))).toBe(false);
  });

  it('fails in French when the chosen folder cannot be written', async () => {
    const api = loadPreload();
    fake.nextSave = path.join(tmp, 'no-such-folder', 'x.pdf');
    await expect(api.download(ref)).rejects.toThrow(/n’a pas pu être enregistré dans/);
  });

  it('refuses an unknown export and an untrusted sender before any dialog', async () => {
    const api = loadPreload();
    const before = fake.saveDialogCalls.length;
    await expect(api.download({ exportId: 'nope', fileName: 'x' })).rejects.toThrow(/plus disponible/);
    await expect(api.download({ exportId: '../../etc/passwd', fileName: 'x' })).rejects.toThrow(/plus disponible/);
    trusted = false;
    try {
      await expect(api.download(ref)).rejects.toThrow(/origine non autorisée/);
    } finally {
      trusted = true;
    }
    expect(fake.saveDialogCalls.length).toBe(before);
    expect(logs.some((l) => l.includes('untrusted'))).toBe(true);
  });

  it('the notice says « téléchargé » / « enregistré » only for a written file', async () => {
    const { downloadNotice } = await import('../../renderer/src/lib/download');
    const saved: DownloadOutcome = { saved: true, savedTo: '/home/marie/attestation.pdf' };
    expect(downloadNotice(ref.fileName, saved)).toEqual({
      level: 'success',
      text: 'Fichier enregistré dans /home/marie/attestation.pdf.',
    });
    expect(downloadNotice(ref.fileName, { saved: true }).text).toMatch(/téléchargé/);
    const cancelled = downloadNotice(ref.fileName, { saved: false });
    expect(cancelled.level).toBe('info');
    expect(cancelled.text).not.toMatch(/téléchargé|enregistré dans/);
  });
});
