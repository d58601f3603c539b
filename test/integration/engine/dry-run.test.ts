// « Tester le versement » through the contract (testDeposit), as the UI and `sceau deposit
// --dry-run` use it: against the faithful reference Vitam, a BLANK_TEST that never archives
// (« Test OK », then « Test KO » for a rule the tenant does not know, told in French); against
// as@lae (the demo archive), Sceau's full pre-flight without sending anything.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../main/core/engine';
import {
  DEMO_ARCHIVAL_AGENCY,
  DEMO_ARCHIVAL_AGREEMENT,
  DEMO_ORIGINATING_AGENCY,
  DEMO_TRANSFERRING_AGENCY,
  DEMO_VITAM_ACCESS_CONTRACT,
} from '../../../main/demo-archive/demo-account';
import { startDemoArchive, type DemoArchive } from '../../../main/demo-archive/server';
import { openEngine, pdfBytes, tempDir, waitForState, writeFiles } from './helpers';

const root = tempDir('sceau-dry-run-');
let engine: Engine;
let vitam: DemoArchive;

beforeAll(async () => {
  vitam = await startDemoArchive({ dataDir: path.join(root, 'vitam'), pendingMs: 400 });
  engine = await openEngine(path.join(root, 'data'));
  await engine.start();
});

afterAll(async () => {
  await engine.close();
  await vitam.close();
  rmSync(root, { recursive: true, force: true });
});

async function sealedAct(profileId: string, name: string): Promise<string> {
  const [file] = writeFiles(path.join(root, `in-${profileId}`), { [name]: pdfBytes(name) });
  const intake = await engine.handlers.intakePaths({ profileId, paths: [file!] });
  const id = intake.documentIds[0]!;
  await waitForState(engine, id, ['ready']);
  return id;
}

describe('« Tester le versement »', () => {
  it('Vitam: BLANK_TEST says « Test OK », archives nothing; an unknown rule gives « Test KO » with Vitam’s reason', async () => {
    const profile = await engine.handlers.createProfile({
      profile: {
        name: 'Commune de Vitamville',
        siren: '212900351',
        archiveKind: 'vitam',
        endpoints: [{ url: vitam.vitamUrl }],
        vitamTenant: 0,
        vitamAccessContract: DEMO_VITAM_ACCESS_CONTRACT,
        archivalAgencyId: DEMO_ARCHIVAL_AGENCY,
        transferringAgencyId: DEMO_TRANSFERRING_AGENCY,
        originatingAgencyId: DEMO_ORIGINATING_AGENCY,
        archivalAgreement: DEMO_ARCHIVAL_AGREEMENT,
      },
    });
    expect(profile.vitamAccessContract).toBe(DEMO_VITAM_ACCESS_CONTRACT);
    const id = await sealedAct(profile.id, 'DE_2025_001_2025-03-14_budget primitif (7.1).pdf');
    const [ok] = await engine.handlers.testDeposit({ ids: [id] });
    expect(ok).toMatchObject({ documentId: id, ok: true, mode: 'vitam-blank-test', replyCode: 'Test OK' });
    expect(ok!.messages.join('\n')).toMatch(/Rien n’a été archivé/);
    expect(vitam.stats().accepted).toEqual([]);
    expect(vitam.stats().dryRuns).toBe(1);
    expect((await engine.handlers.getDocument({ id })).state).toBe('ready');

    await engine.handlers.updateProfile({ id: profile.id, profile: { management: { accessRule: 'AR999' } } });
    const [ko] = await engine.handlers.testDeposit({ ids: [id] });
    expect(ko).toMatchObject({ ok: false, mode: 'vitam-blank-test', replyCode: 'Test KO' });
    expect(ko!.messages.join('\n')).toMatch(/règle de gestion inconnue.*AR999/s);
    expect(vitam.stats().accepted).toEqual([]);
    expect(vitam.stats().dryRuns).toBe(2);
  }, 60_000);

  it('as@lae (demo archive): the full pre-flight, nothing sent', async () => {
    const profile = await engine.handlers.createProfile({
      profile: { name: 'Commune de Démo', siren: '212901956', archiveKind: 'demo' },
    });
    const id = await sealedAct(profile.id, 'DE_2025_002_2025-03-15_voirie communale (8.3).pdf');
    const [r] = await engine.handlers.testDeposit({ ids: [id] });
    expect(r).toMatchObject({ ok: true, mode: 'preflight' });
    expect(r!.messages.join('\n')).toMatch(/conforme au schéma SEDA 2\.1.*Rien n’a été envoyé/s);
    expect((await engine.handlers.getDocument({ id })).state).toBe('ready');
  }, 60_000);
});
