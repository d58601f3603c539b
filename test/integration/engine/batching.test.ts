// Several acts deposited together leave as ONE versement when the profile's archive takes it
// (no SEDA profile that may describe a single act): the bordereau lists every act, the demo
// archive checks them all, and a refusal applies to the whole transfer — every act shows it
// with its reason; « Corriger et renvoyer » sends the corrected act in a new transfer.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TRANSFER_MERGED } from '../../../main/core/app/deposit-batching';
import type { Engine } from '../../../main/core/engine';
import {
  DEMO_ARCHIVAL_AGENCY,
  DEMO_ARCHIVAL_AGREEMENT,
  DEMO_ORIGINATING_AGENCY,
  DEMO_TRANSFERRING_AGENCY,
  DEMO_VITAM_ACCESS_CONTRACT,
} from '../../../main/demo-archive/demo-account';
import { startDemoArchive } from '../../../main/demo-archive/server';
import { openDemoEngine, openEngine, pdfBytes, tempDir, waitForState, writeFiles } from './helpers';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function actsOnProfileWithoutSedaProfile(root: string, classes: string[], objets: string[] = []) {
  const opened = await openDemoEngine(root);
  close = opened.close;
  const { engine } = opened;
  const profileId = opened.profileIds[0]!;
  // The demo profile declares an archival profile (it may describe one act): none here.
  engine.parts.profiles.update(profileId, { archivalProfile: '' });
  const files = writeFiles(
    path.join(root, 'mairie'),
    Object.fromEntries(
      classes.map((c, i) => [
        `CM 0${i + 1}.02.2024 - DEL ${20 + i} - ${objets[i] ?? `Objet numéro ${i + 1}`} (${c}).pdf`,
        pdfBytes(`Deliberation ${i + 1}`),
      ]),
    ),
  );
  const intake = await engine.handlers.intakePaths({ profileId, paths: files });
  expect(intake.accepted).toBe(classes.length);
  for (const id of intake.documentIds) expect((await waitForState(engine, id, ['ready'])).state).toBe('ready');
  return { engine, ids: intake.documentIds };
}

async function settle(engine: Engine, ids: string[], timeoutMs = 60_000) {
  return Promise.all(ids.map((id) => waitForState(engine, id, ['accepted', 'rejected', 'failed'], timeoutMs)));
}

describe('several acts in one versement', () => {
  it('three acts deposited together: one transfer, its bordereau lists the three, accepted, journal verified', async () => {
    const { engine, ids } = await actsOnProfileWithoutSedaProfile(tempDir('sceau-batch-'), ['5.2', '5.2', '7.1']);
    expect(await engine.handlers.depositNow({ ids })).toEqual({ queued: 3, problems: [] });
    const docs = await settle(engine, ids);
    expect(docs.map((d) => d.state)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(new Set(docs.map((d) => d.transferId)).size).toBe(1);
    const t = engine.parts.transfers.get(docs[0]!.transferId!)!;
    expect(t.attempts).toBe(1);
    const bordereau = readFileSync(t.bordereauPath!, 'utf8');
    expect(bordereau).toContain('<Title>Versement de 3 actes</Title>');
    for (let i = 1; i <= 3; i++) expect(bordereau).toContain(`Objet numéro ${i}`);
    const v = (await engine.handlers.listProfiles({}))[0]!.sedaVersion;
    execFileSync(
      'xmllint',
      ['--nonet', '--noout', '--schema', path.resolve(`assets/seda/${v}/seda-${v}-main.xsd`), t.bordereauPath!],
      {
        env: { ...process.env, XML_CATALOG_FILES: path.resolve(`assets/seda/${v}/catalog.xml`) },
        stdio: 'pipe',
      },
    );
    // Planned together (deposit-plan.ts): each act's « en file » entry names the versement at
    // once, nothing had to move; the journal still verifies.
    const queued = engine.parts.db
      .prepare(
        "SELECT document_id AS d, data FROM journal WHERE type = 'state' AND json_extract(data, '$.to') = 'queued'",
      )
      .all() as Array<{ d: string; data: string }>;
    expect(queued.map((m) => m.d).sort()).toEqual([...ids].sort());
    for (const m of queued)
      expect(JSON.parse(m.data)).toMatchObject({ transferId: t.id, messageIdentifier: t.messageIdentifier });
    const moved = engine.parts.db.prepare('SELECT count(*) AS n FROM journal WHERE type = ?').get(TRANSFER_MERGED);
    expect(moved).toEqual({ n: 0 });
    expect((await engine.handlers.verifyIntegrity({})).ok).toBe(true);
  }, 120_000);

  it('« ce soir » on several acts: one versement planned, kept for tonight’s window', async () => {
    const { engine, ids } = await actsOnProfileWithoutSedaProfile(tempDir('sceau-batch-'), ['5.2', '5.2', '7.1']);
    expect(await engine.handlers.depositTonight({ ids })).toEqual({ queued: 3, problems: [] });
    const docs = ids.map((id) => engine.parts.documents.get(id)!);
    expect(docs.map((d) => d.state)).toEqual(['queued', 'queued', 'queued']);
    expect(new Set(docs.map((d) => d.transferId)).size).toBe(1);
    expect(engine.parts.transfers.countScheduledTonight()).toBe(1);
    expect((await engine.handlers.getSyncStatus({})).scheduledTonight).toBe(1);
  }, 120_000);

  it('acts deposited one by one before anything left: merged at the first send, each move in the journal', async () => {
    const { engine, ids } = await actsOnProfileWithoutSedaProfile(tempDir('sceau-batch-'), ['5.2', '5.2', '7.1']);
    // Sending paused: three plans, three transfers, none sent yet.
    await engine.handlers.pauseSync({});
    for (const id of ids) expect(await engine.handlers.depositNow({ ids: [id] })).toEqual({ queued: 1, problems: [] });
    const planned = new Set(ids.map((id) => engine.parts.documents.get(id)!.transferId));
    expect(planned.size).toBe(3);
    await engine.handlers.resumeSync({});
    const docs = await settle(engine, ids);
    expect(docs.map((d) => d.state)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(new Set(docs.map((d) => d.transferId)).size).toBe(1);
    const t = engine.parts.transfers.get(docs[0]!.transferId!)!;
    expect(planned.has(t.id)).toBe(false);
    expect(t.attempts).toBe(1);
    expect(readFileSync(t.bordereauPath!, 'utf8')).toContain('<Title>Versement de 3 actes</Title>');
    // Each act's move to the merged transfer is in the journal, which still verifies.
    const moved = engine.parts.db
      .prepare('SELECT document_id AS d, data FROM journal WHERE type = ?')
      .all(TRANSFER_MERGED) as Array<{ d: string; data: string }>;
    expect(moved.map((m) => m.d).sort()).toEqual([...ids].sort());
    for (const m of moved) expect(JSON.parse(m.data)).toMatchObject({ messageIdentifier: t.messageIdentifier });
    expect((await engine.handlers.verifyIntegrity({})).ok).toBe(true);
  }, 120_000);

  it('a refusal applies to the whole versement: every act shows it; the corrected act leaves in a new transfer', async () => {
    const { engine, ids } = await actsOnProfileWithoutSedaProfile(tempDir('sceau-batch-'), ['5.2', '9.1', '5.2']);
    await engine.handlers.depositNow({ ids });
    const docs = await settle(engine, ids);
    expect(docs.map((d) => d.state)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(new Set(docs.map((d) => d.transferId)).size).toBe(1);
    for (const d of docs) expect(d.reason).toMatch(/matière 9/);
    const refused = docs[0]!.transfer!.messageIdentifier;

    // « Corriger et renvoyer » on the act the archive named: alone, in a new transfer.
    const bad = docs[1]!;
    await engine.handlers.updateMetadata({ id: bad.id, metadata: { ...bad.metadata, classification: '5.2' } });
    await engine.handlers.depositNow({ ids: [bad.id] });
    const [fixed] = await settle(engine, [bad.id]);
    expect(fixed!.state).toBe('accepted');
    expect(fixed!.transfer!.messageIdentifier).not.toBe(refused);
    // The two others, saved and sent again as they were: together, accepted.
    for (const d of [docs[0]!, docs[2]!]) await engine.handlers.updateMetadata({ id: d.id, metadata: d.metadata });
    await engine.handlers.depositNow({ ids: [docs[0]!.id, docs[2]!.id] });
    const again = await settle(engine, [docs[0]!.id, docs[2]!.id]);
    expect(again.map((d) => d.state)).toEqual(['accepted', 'accepted']);
    expect(again[0]!.transferId).toBe(again[1]!.transferId);
    expect([refused, fixed!.transfer!.messageIdentifier]).not.toContain(again[0]!.transfer!.messageIdentifier);
    // The refusal stays in each act's history.
    for (const d of again) expect(d.timeline.map((e) => e.state)).toContain('rejected');
  }, 120_000);

  it('an act the pre-flight would refuse (a forbidden character in a file name) leaves alone and fails alone', async () => {
    const { engine, ids } = await actsOnProfileWithoutSedaProfile(
      tempDir('sceau-batch-'),
      ['5.2', '5.2', '5.2'],
      ['Objet numéro 1', 'Objet : numéro 2', 'Objet numéro 3'],
    );
    await engine.handlers.depositNow({ ids });
    const docs = await settle(engine, ids);
    expect(docs.map((d) => d.state)).toEqual(['accepted', 'failed', 'accepted']);
    expect(docs[1]!.reason).toMatch(/caractère interdit/);
    expect(docs[0]!.transferId).toBe(docs[2]!.transferId);
    expect(docs[1]!.transferId).not.toBe(docs[0]!.transferId);
  }, 120_000);

  it('Vitam: one SIP for the three acts, one ingest, every act accepted with the same operation', async () => {
    const root = tempDir('sceau-batch-vitam-');
    const vitam = await startDemoArchive({ dataDir: path.join(root, 'vitam'), pendingMs: 400 });
    const engine = await openEngine(path.join(root, 'data'));
    close = async () => {
      await engine.close();
      await vitam.close();
    };
    await engine.start();
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
    const files = writeFiles(
      path.join(root, 'mairie'),
      Object.fromEntries(
        [1, 2, 3].map((i) => [`CM 0${i}.02.2024 - DEL ${20 + i} - Objet numéro ${i} (5.2).pdf`, pdfBytes(`D ${i}`)]),
      ),
    );
    const { documentIds: ids } = await engine.handlers.intakePaths({ profileId: profile.id, paths: files });
    for (const id of ids) await waitForState(engine, id, ['ready']);
    await engine.handlers.depositNow({ ids });
    // Vitam is asked at most once a minute after a « not yet ».
    const docs = await settle(engine, ids, 150_000);
    expect(docs.map((d) => d.state)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(new Set(docs.map((d) => d.transferId)).size).toBe(1);
    expect(vitam.stats().accepted).toEqual([docs[0]!.transfer!.messageIdentifier]);
    rmSync(root, { recursive: true, force: true });
  }, 200_000);
});
