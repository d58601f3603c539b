// A folder deposited as one transfer (tree mirrors sub-folders) on the demo archive, and the
// administrator's policy: locked settings refused through the API, forbidden SIREN refused.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { policyFromObject } from '../../../main/core/policy';
import { dispatch } from '../../../main/core/api/dispatch';
import { openEngine, pdfBytes, tempDir, waitForState, writeFiles } from './helpers';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('folder transfer', () => {
  it('deposits a public-procurement folder as one transfer whose units mirror its sub-folders', async () => {
    const root = tempDir('sceau-folder-');
    roots.push(root);
    const engine = await openEngine(path.join(root, 'data'));
    try {
      await engine.start();
      const { id: profileId } = await engine.handlers.createProfile({
        profile: { name: 'Commune de Lannilis', siren: '212901170', archiveKind: 'demo' },
      });
      const folder = path.join(root, 'Marché 2024-03 voirie');
      writeFiles(folder, {
        'Règlement de consultation.pdf': pdfBytes('RC'),
        'Offres/Offre entreprise Le Gall.pdf': pdfBytes('Offre A'),
        'Offres/Offre entreprise Morvan.pdf': pdfBytes('Offre B'),
        'Rapport d’analyse des offres.pdf': pdfBytes('RAO'),
        'Contrat/Acte d’engagement signé.pdf': pdfBytes('AE'),
      });
      const intake = await engine.handlers.intakePaths({ profileId, paths: [folder] });
      expect(intake.accepted).toBe(5);
      const plan = await engine.handlers.depositFolder({
        ids: intake.documentIds,
        title: 'Marché 2024-03 — travaux de voirie',
      });
      expect(plan).toEqual({ queued: 5, problems: [] });
      for (const id of intake.documentIds)
        expect((await waitForState(engine, id, ['accepted', 'rejected', 'failed'], 60_000)).state).toBe('accepted');
      const docs = await Promise.all(intake.documentIds.map((id) => engine.handlers.getDocument({ id })));
      const transfers = new Set(docs.map((d) => d.transfer?.messageIdentifier));
      expect(transfers.size).toBe(1);
      // The bordereau's tree: root RecordGrp titled by the user, SubGrp per sub-folder.
      const t = engine.parts.transfers.get(docs[0]!.transferId!)!;
      const bordereau = readFileSync(t.bordereauPath!, 'utf8');
      expect(bordereau).toContain('<Title>Marché 2024-03 — travaux de voirie</Title>');
      expect(bordereau).toMatch(/<DescriptionLevel>SubGrp<\/DescriptionLevel>\s*<Title>Offres<\/Title>/);
      expect(bordereau).toMatch(/<DescriptionLevel>SubGrp<\/DescriptionLevel>\s*<Title>Contrat<\/Title>/);
      const v = (await engine.handlers.listProfiles({}))[0]!.sedaVersion;
      const xsd = path.resolve(`assets/seda/${v}/seda-${v}-main.xsd`);
      execFileSync('xmllint', ['--nonet', '--noout', '--schema', xsd, t.bordereauPath!], {
        env: { ...process.env, XML_CATALOG_FILES: path.resolve(`assets/seda/${v}/catalog.xml`) },
        stdio: 'pipe',
      });
    } finally {
      await engine.close();
    }
  }, 120_000);
});

describe('administrator policy', () => {
  it('refuses locked settings through the API, shows the lock, and refuses a SIREN it does not allow', async () => {
    const root = tempDir('sceau-policy-');
    roots.push(root);
    const policy = policyFromObject({ bandwidth: { limitKbps: 256 }, allowedSirens: ['212901956'] }, ['test']);
    expect(policy.error).toBeNull();
    const engine = await openEngine(path.join(root, 'data'), { policy });
    try {
      const view = await engine.handlers.getSettings({});
      const lockedKeys = Object.keys(view.locked);
      expect(lockedKeys.length).toBeGreaterThan(0);
      const key = lockedKeys.includes('bandwidthLimitKbps') ? 'bandwidthLimitKbps' : lockedKeys[0]!;
      expect(view.locked[key]).toMatch(/\S/);
      // Through the same dispatcher the IPC and WebSocket hosts use.
      const refused = await dispatch(engine.handlers as never, 'updateSettings', { bandwidthLimitKbps: 100_000 });
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('locked');
        expect(refused.error.message).toMatch(/verrouillé/);
      }
      expect((await engine.handlers.getSettings({})).values.bandwidthLimitKbps).not.toBe(100_000);
      // Unlocked keys still work.
      expect((await engine.handlers.updateSettings({ theme: 'dark' })).values.theme).toBe('dark');
      await expect(
        engine.handlers.createProfile({ profile: { name: 'Autre commune', siren: '200000001', archiveKind: 'demo' } }),
      ).rejects.toThrow(/SIREN 200000001/);
      await expect(
        engine.handlers.createProfile({
          profile: { name: 'Commune autorisée', siren: '212901956', archiveKind: 'demo' },
        }),
      ).resolves.toMatchObject({ siren: '212901956' });
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('refuses an hour that does not exist (25:00, 12:60) for the night window and office hours', async () => {
    const root = tempDir('sceau-hours-');
    roots.push(root);
    const engine = await openEngine(path.join(root, 'data'));
    try {
      const before = (await engine.handlers.getSettings({})).values;
      for (const patch of [
        { nightWindow: { start: '25:00', end: '07:00' } },
        { nightWindow: { start: '19:00', end: '07:75' } },
        { nightWindow: { start: '19:00', end: '19:00' } }, // never opens: « Verser ce soir » would wait forever
        { officeHours: { enabled: true, start: '08:30', end: '24:30', limitKbps: 512, days: [1, 2, 3, 4, 5] } },
      ]) {
        // Accepted, such an hour would make the schedule rules throw in the deposit engine.
        const r = await dispatch(engine.handlers as never, 'updateSettings', patch);
        expect(r.ok).toBe(false);
      }
      const after = (await engine.handlers.getSettings({})).values;
      expect(after.nightWindow).toEqual(before.nightWindow);
      expect(after.officeHours).toEqual(before.officeHours);
      const ok = await dispatch(engine.handlers as never, 'updateSettings', {
        nightWindow: { start: '20:00', end: '24:00' },
      });
      expect(ok.ok).toBe(true);
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('keeps an invalid policy locked-safe and reports the error', async () => {
    const root = tempDir('sceau-policy-bad-');
    roots.push(root);
    const policy = policyFromObject({ telemetry: true, bandwidth: 'fast' }, ['test']);
    expect(policy.error).toMatch(/\S/);
    const engine = await openEngine(path.join(root, 'data'), { policy });
    try {
      const view = await engine.handlers.getSettings({});
      expect(view.policyError).toBe(policy.error);
      await expect(engine.handlers.updateSettings({ bandwidthLimitKbps: 10 })).rejects.toThrow(/verrouillé/);
      await expect(
        engine.handlers.createProfile({ profile: { name: 'X', siren: '212901956', archiveKind: 'demo' } }),
      ).rejects.toThrow(/\S/);
    } finally {
      await engine.close();
    }
  });
});
