// The whole pipeline through the contract's handlers, as a host drives it: profile on the
// demo archive → files dropped → sealed → metadata → deposit → ACK → ATR accepted →
// receipt, evidence package verified with sha256sum/openssl/xmllint only, journal verified.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../main/core/engine';
import { openEngine, pdfBytes, tempDir, waitForState, writeFiles } from './helpers';
import { openAppLogger } from '../../../main/core/logging';

const root = tempDir('sceau-engine-');
const dataDir = path.join(root, 'data');
const inbox = path.join(root, 'mairie');
let engine: Engine;
let profileId: string;

beforeAll(async () => {
  // The same rotating technical log the hosts write: it is part of what is searched for secrets.
  const logger = openAppLogger(dataDir, { level: 'debug' });
  engine = await openEngine(dataDir, { log: (level, message) => logger[level](message) });
  await engine.start();
  const profile = await engine.handlers.createProfile({
    profile: { name: 'Commune de Plouguerneau', siren: '212901956', archiveKind: 'demo' },
  });
  profileId = profile.id;
});

afterAll(async () => {
  await engine.close();
  rmSync(root, { recursive: true, force: true });
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('engine: from a dropped file to an accepted deposit', () => {
  it('starts on the demo archive with nothing to type', async () => {
    const profiles = await engine.handlers.listProfiles({});
    expect(profiles).toHaveLength(1);
    expect(profiles[0]).toMatchObject({
      archiveKind: 'demo',
      hasPassword: true,
      transferringAgencyId: expect.any(String),
    });
    const check = await engine.handlers.testConnection({ profileId });
    expect(check).toMatchObject({ reachable: true, authenticated: true });
    const info = await engine.handlers.getAppInfo({});
    expect(info.firstLaunch).toBe(false);
  });

  it('seals, reads metadata, deposits and gets the archive acceptance, receipt and evidence', async () => {
    const [act, annex] = writeFiles(inbox, {
      'DE_2024_045_vote du budget primitif.pdf': pdfBytes('Deliberation 2024-045 budget primitif'),
      'DE_2024_045_annexe 1 budget.pdf': pdfBytes('Annexe 1 au budget'),
    });
    const intake = await engine.handlers.intakePaths({ profileId, paths: [act!, annex!] });
    expect(intake.accepted).toBe(2);
    expect(intake.documentIds).toHaveLength(2);
    const [actId, annexId] = intake.documentIds as [string, string];

    const actDoc = await engine.handlers.getDocument({ id: actId });
    expect(actDoc.metadata).toMatchObject({ nature: 'DE', number: '2024_045' });
    expect(actDoc.fingerprint?.algorithm).toBe('sha256');
    expect(actDoc.fingerprint?.hex).toBe(execFileSync('sha256sum', [act!]).toString().slice(0, 64));
    const annexDoc = await engine.handlers.getDocument({ id: annexId });
    expect(annexDoc.role).toBe('annex');
    expect(annexDoc.parentId).toBe(actId);

    // The classification cannot be read from this name: the user completes it.
    const completed = await engine.handlers.updateMetadata({
      id: actId,
      metadata: {
        ...actDoc.metadata,
        objet: 'Vote du budget primitif 2024',
        date: '2024-03-12',
        classification: '7.1',
      },
    });
    expect(completed.state).toBe('ready');
    expect(completed.validation).toEqual([]);

    const deposit = await engine.handlers.depositNow({ ids: [actId] });
    expect(deposit).toEqual({ queued: 2, problems: [] });

    const accepted = await waitForState(engine, actId, ['accepted', 'rejected', 'failed'], 60_000);
    expect(accepted.state).toBe('accepted');
    expect(accepted.transfer?.replyCode).toBe('000');
    expect(accepted.transfer?.archiveReference).toMatch(/\S/);
    expect((await engine.handlers.getDocument({ id: annexId })).state).toBe('accepted');
    const timeline = accepted.timeline.map((e) => e.state).filter(Boolean);
    expect(timeline).toEqual(
      ['sealed', 'needs_metadata', 'ready', 'queued', 'sending', 'sent', 'acknowledged', 'accepted'].filter((s) =>
        timeline.includes(s as never),
      ),
    );
    expect(timeline.at(-1)).toBe('accepted');

    // Attestation de versement: real text, real fields.
    const receipt = await engine.handlers.exportReceipt({ documentId: actId });
    const receiptFile = engine.resolveExport(receipt.exportId)!.path;
    const text = execFileSync('pdftotext', ['-raw', receiptFile, '-']).toString();
    expect(text).toContain('Commune de Plouguerneau');
    expect(text).toContain(accepted.transfer!.messageIdentifier);
    expect(text).toContain(accepted.fingerprint!.hex);
    expect(text).toContain('Vote du budget primitif 2024');

    // Evidence package, verified as an auditor would, with the script it ships.
    const evidence = await engine.handlers.exportEvidence({ documentId: actId });
    const zip = engine.resolveExport(evidence.exportId)!.path;
    const out = path.join(root, 'preuve-extraite');
    execFileSync('unzip', ['-q', zip, '-d', out]);
    const all = files(out).map((f) => path.relative(out, f));
    expect(all).toEqual(
      expect.arrayContaining([
        'preuve/LISEZMOI.txt',
        'preuve/verifier.sh',
        'preuve/empreinte.sha256',
        'preuve/seda/bordereau.xml',
      ]),
    );
    const check = spawnSync('bash', ['verifier.sh'], { cwd: path.join(out, 'preuve'), encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const sums = spawnSync('sha256sum', ['-c', 'empreinte.sha256'], {
      cwd: path.join(out, 'preuve'),
      encoding: 'utf8',
    });
    expect(sums.status).toBe(0);

    const report = await engine.handlers.verifyIntegrity({});
    expect(report.ok).toBe(true);
    expect(report.checkedEntries).toBeGreaterThan(10);
  }, 120_000);

  it('shows a rejection with the archive reason, lets the user correct it, and re-sends', async () => {
    const [file] = writeFiles(inbox, {
      'AR_2024_017_fermeture de la voirie communale.pdf': pdfBytes('Arrete 2024-017 voirie'),
    });
    const { documentIds } = await engine.handlers.intakePaths({ profileId, paths: [file!] });
    const id = documentIds[0]!;
    const doc = await engine.handlers.getDocument({ id });
    // Matière 9 is outside the demo agreement: the archive refuses it (code 300).
    await engine.handlers.updateMetadata({
      id,
      metadata: {
        ...doc.metadata,
        objet: 'Fermeture de la voirie communale',
        date: '2024-05-02',
        classification: '9.1',
      },
    });
    await engine.handlers.depositNow({ ids: [id] });
    const rejected = await waitForState(engine, id, ['rejected', 'accepted', 'failed'], 60_000);
    expect(rejected.state).toBe('rejected');
    expect(rejected.transfer?.replyCode).toBe('300');
    expect(rejected.reason).toMatch(/\S/);

    const problemsFirst = await engine.handlers.listDocuments({ profileId, sort: 'problems-first', limit: 5 });
    expect(problemsFirst.rows[0]?.id).toBe(id);

    const corrected = await engine.handlers.updateMetadata({
      id,
      metadata: { ...rejected.metadata, classification: '6.1' },
    });
    expect(corrected.state).toBe('ready');
    await engine.handlers.depositNow({ ids: [id] });
    const accepted = await waitForState(engine, id, ['accepted', 'rejected', 'failed'], 60_000);
    expect(accepted.state).toBe('accepted');
    expect(accepted.transfer?.messageIdentifier).not.toBe(rejected.transfer?.messageIdentifier);
  }, 120_000);

  it('refuses a locked or bad request with a French message and loses nothing', async () => {
    await expect(
      engine.handlers.addFolder({ profileId, path: path.join(root, 'nope'), mode: 'auto', exclusions: [] }),
    ).rejects.toThrow(/introuvable/);
    await expect(engine.handlers.getDocument({ id: 'inconnu' })).rejects.toThrow(/introuvable/);
    const counts = await engine.handlers.countDocuments({ profileId });
    expect(counts.accepted).toBe(3);
  });

  it('keeps no secret in SQLite, settings, logs or exports', async () => {
    const secret = 'Mot-de-passe-tres-secret-42';
    await engine.handlers.createProfile({
      profile: {
        name: 'Commune de Landéda',
        siren: '212901030',
        archiveKind: 'asalae',
        endpoints: [{ url: 'https://archive.exemple.invalid/restservices' }],
        login: 'mairie-landeda',
        transferringAgencyId: 'FR_LANDEDA',
        archivalAgencyId: 'FR_SAE',
        archivalAgreement: 'ACCORD-1',
      },
      password: secret,
    });
    // A partial change touches only what it names (the archive settings stay).
    const landeda = (await engine.handlers.listProfiles({})).find((x) => x.siren === '212901030')!;
    const renamed = await engine.handlers.updateProfile({ id: landeda.id, profile: { name: 'Mairie de Landéda' } });
    expect(renamed).toMatchObject({
      name: 'Mairie de Landéda',
      login: 'mairie-landeda',
      archivalAgreement: 'ACCORD-1',
      endpoints: [{ url: 'https://archive.exemple.invalid/restservices' }],
      hasPassword: true,
    });
    const proxySecret = 'Proxy-Secret-Mairie-77';
    await engine.handlers.updateSettings({
      proxy: { mode: 'manual', url: 'http://proxy.mairie.invalid:3128', username: 'mairie' },
    });
    expect(await engine.handlers.setProxyPassword({ password: proxySecret })).toEqual({ stored: true });
    expect((await engine.handlers.getSettings({})).proxyPasswordStored).toBe(true);
    const listed = JSON.stringify(await engine.handlers.listProfiles({}));
    expect(listed).not.toContain(secret);
    expect(JSON.stringify(await engine.handlers.getSettings({}))).not.toContain(proxySecret);
    await engine.handlers.exportDiagnostics({});
    expect(files(dataDir).some((f) => f.includes(`${path.sep}logs${path.sep}`))).toBe(true);
    const offenders = files(dataDir).filter(
      (f) =>
        statSync(f).size < 64 * 1024 * 1024 &&
        (readFileSync(f).includes(secret) || readFileSync(f).includes(proxySecret)),
    );
    expect(offenders).toEqual([]);
  });
});
