// Timestamps always on, or loudly off, with a real `openssl ts` TSA: as@lae and Vitam profiles
// get tokens; a policy alone (URL + certificate) sets them up; a TSA change keeps every older
// package verifiable (each token carries its own TSA chain); no TSA says so everywhere.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { mkdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../main/core/engine';
import { policyFromObject } from '../../../main/core/policy/load';
import { settingsLocks } from '../../../main/core/policy';
import { openEngine, pdfBytes, tempDir, waitForState, writeFiles } from '../engine/helpers';
import { startTsaServer, type TsaServer } from '../../tools/tsa-server';
import { runVerifier } from '../../evidence-forgeries/forge';

const root = tempDir('sceau-tsa-profiles-');
let tsaA: TsaServer;
let tsaB: TsaServer;

beforeAll(async () => {
  tsaA = await startTsaServer({ name: 'Horodatage A' });
  tsaB = await startTsaServer({ name: 'Horodatage B' });
});

afterAll(async () => {
  await tsaA?.close();
  await tsaB?.close();
  rmSync(root, { recursive: true, force: true });
});

async function captureOne(engine: Engine, profileId: string, name: string): Promise<string> {
  const [file] = writeFiles(path.join(root, 'in', profileId), { [name]: pdfBytes(name) });
  const intake = await engine.handlers.intakePaths({ profileId, paths: [file!] });
  return intake.documentIds[0]!;
}

describe('timestamps for every kind of profile', () => {
  it('as@lae and Vitam profiles get tokens from the configured TSA (never the demo one)', async () => {
    const engine = await openEngine(path.join(root, 'real'), { demo: undefined });
    try {
      await engine.handlers.updateSettings({ tsaUrl: tsaA.url, tsaCertPem: tsaA.caPem });
      const common = { transferringAgencyId: 'FR_X', archivalAgencyId: 'FR_SAE', archivalAgreement: 'ACCORD-1' };
      const asalae = await engine.handlers.createProfile({
        profile: {
          name: 'Commune de Landéda',
          siren: '212901030',
          archiveKind: 'asalae',
          endpoints: [{ url: 'https://asalae.exemple.invalid/restservices' }],
          login: 'mairie',
          ...common,
        },
      });
      const vitam = await engine.handlers.createProfile({
        profile: {
          name: 'Commune de Brest',
          siren: '212900195',
          archiveKind: 'vitam',
          endpoints: [{ url: 'https://vitam.exemple.invalid' }],
          ...common,
        },
      });
      await captureOne(engine, asalae.id, 'DE_2024_001_asalae.pdf');
      await engine.parts.timestamps!.tick();
      const afterAsalae = engine.parts.timestamps!.status();
      await captureOne(engine, vitam.id, 'DE_2024_002_vitam.pdf');
      await engine.parts.timestamps!.tick();
      const status = engine.parts.timestamps!.status();
      expect(afterAsalae.granted).toBe(1);
      expect(status).toMatchObject({ configured: true, demo: false, qualified: false, granted: 2 });
      expect(status.coveredSeq).toBeGreaterThan(afterAsalae.coveredSeq!);
      expect(tsaA.requests).toBeGreaterThanOrEqual(2);
      const report = await engine.handlers.verifyIntegrity({});
      expect(report.ok).toBe(true);
      expect(report.unstamped).toBeUndefined();
      expect(report.lines?.some((l) => /2 jetons valides/.test(l.text))).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('a policy alone (URL + certificate + qualified) sets up timestamps', async () => {
    const policy = policyFromObject(
      { version: 1, tsaUrl: tsaB.url, tsaCertPem: tsaB.caPem, tsaPolicyOid: tsaB.policyOid, tsaQualified: true },
      ['test'],
    );
    expect(policy.error).toBeNull();
    const locks = settingsLocks(policy);
    const engine = await openEngine(path.join(root, 'policy'), { demo: undefined, policy, locks: () => locks });
    try {
      const profile = await engine.handlers.createProfile({
        profile: {
          name: 'Commune de Plouarzel',
          siren: '212901832',
          archiveKind: 'asalae',
          endpoints: [{ url: 'https://asalae.exemple.invalid/restservices' }],
          transferringAgencyId: 'FR_X',
          archivalAgencyId: 'FR_SAE',
          archivalAgreement: 'ACCORD-1',
        },
      });
      await captureOne(engine, profile.id, 'DE_2024_003_politique.pdf');
      await engine.parts.timestamps!.tick();
      expect(engine.parts.timestamps!.status()).toMatchObject({ configured: true, qualified: true, granted: 1 });
      const settings = await engine.handlers.getSettings({});
      expect(settings.locked).toHaveProperty('tsaCertPem');
    } finally {
      await engine.close();
    }
  });

  it('without a TSA: loudly off (status, verify) and no demo tokens for a real profile', async () => {
    const engine = await openEngine(path.join(root, 'none'));
    try {
      await engine.handlers.createProfile({
        profile: {
          name: 'Commune de Lanildut',
          siren: '212901113',
          archiveKind: 'asalae',
          endpoints: [{ url: 'https://asalae.exemple.invalid/restservices' }],
          transferringAgencyId: 'FR_X',
          archivalAgencyId: 'FR_SAE',
          archivalAgreement: 'ACCORD-1',
        },
      });
      const status = engine.parts.timestamps!.status();
      expect(status).toMatchObject({ configured: false, granted: 0 });
      expect(status.message).toMatch(/Horodatage désactivé.*« non horodaté »/);
      const report = await engine.handlers.verifyIntegrity({});
      expect(report.unstamped).toBe(true);
      expect(report.lines?.some((l) => l.level === 'warning' && /Horodatage désactivé/.test(l.text))).toBe(true);
    } finally {
      await engine.close();
    }
  });
});

describe('a TSA change', () => {
  it('keeps every older package verifiable, each token with the chain of its own TSA', async () => {
    const engine = await openEngine(path.join(root, 'change'));
    let stopped = false;
    try {
      await engine.handlers.updateSettings({ tsaUrl: tsaA.url, tsaCertPem: tsaA.caPem });
      await engine.start();
      const profile = await engine.handlers.createProfile({
        profile: { name: 'Commune du Conquet', siren: '212900435', archiveKind: 'demo' },
      });
      const deposit = async (name: string): Promise<string> => {
        const id = await captureOne(engine, profile.id, name);
        await engine.parts.timestamps!.tick();
        const doc = await engine.handlers.getDocument({ id });
        await engine.handlers.updateMetadata({
          id,
          metadata: { ...doc.metadata, objet: name, date: '2024-03-12', classification: '7.1' },
        });
        await engine.handlers.depositNow({ ids: [id] });
        expect((await waitForState(engine, id, ['accepted', 'rejected', 'failed'], 60_000)).state).toBe('accepted');
        return id;
      };
      const unzipped = async (documentId: string, name: string): Promise<string> => {
        const ref = await engine.handlers.exportEvidence({ documentId });
        const out = path.join(root, 'change-out', name);
        mkdirSync(out, { recursive: true });
        execFileSync('unzip', ['-q', engine.resolveExport(ref.exportId)!.path, '-d', out]);
        return path.join(out, 'preuve');
      };
      const older = await deposit('DE_2024_010_avant.pdf');
      const before = await unzipped(older, 'before');

      // The mairie changes TSA; the old one may even disappear.
      await engine.handlers.updateSettings({ tsaUrl: tsaB.url, tsaCertPem: tsaB.caPem });
      await tsaA.stop();
      stopped = true;
      const newer = await deposit('DE_2024_011_apres.pdf');
      const report = await engine.handlers.verifyIntegrity({});
      expect(report.message).not.toMatch(/ROMPUE|compromise/);
      expect(report.ok, JSON.stringify(report.lines)).toBe(true);

      const again = await unzipped(older, 'again');
      const fresh = await unzipped(newer, 'newer');
      for (const dir of [before, again, fresh]) {
        const r = runVerifier(dir);
        expect(r.out).not.toContain('ÉCHEC');
        expect(r.status, r.out).toBe(0);
      }
      // The older act still shows TSA A's tokens (with A's chain), the newer one TSA B's.
      expect(runVerifier(again).out).toContain('Horodatage A');
      expect(runVerifier(fresh).out).toContain('Horodatage B');
      expect(runVerifier(fresh).out).not.toContain('Horodatage A');
    } finally {
      if (stopped) await tsaA.start();
      await engine.close();
    }
  }, 120_000);
});
