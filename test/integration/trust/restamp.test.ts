// Long-term validity: a token whose TSA certificate has expired still verifies through the
// re-stamp chain (a newer token over its exact DER, by a TSA whose certificate is still
// valid), with `openssl ts -verify -attime` and with the package's own verifier.sh.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../main/core/engine';
import { TimestampRenewals, tokenSignerExpiry } from '../../../main/core/seal/timestamp-renewal';
import { openEngine, pdfBytes, tempDir, waitForState, writeFiles } from '../engine/helpers';
import { startTsaServer, type TsaServer } from '../../tools/tsa-server';
import { copyPackage, runVerifier } from '../../evidence-forgeries/forge';

const root = tempDir('sceau-restamp-');
let shortTsa: TsaServer;
let longTsa: TsaServer;
let engine: Engine;
let pkg: string;
const inThreeDays = Math.floor(Date.now() / 1000) + 3 * 86_400;

beforeAll(async () => {
  shortTsa = await startTsaServer({ name: 'Horodatage Expirant', tsaDays: 1 });
  longTsa = await startTsaServer({ name: 'Horodatage Durable' });
  engine = await openEngine(path.join(root, 'data'));
  await engine.handlers.updateSettings({ tsaUrl: shortTsa.url, tsaCertPem: shortTsa.caPem });
  await engine.start();
  const profile = await engine.handlers.createProfile({
    profile: { name: 'Commune de Ploudalmézeau', siren: '212901781', archiveKind: 'demo' },
  });
  const [file] = writeFiles(path.join(root, 'in'), { 'DE_2024_020_expiration.pdf': pdfBytes('expiration') });
  const id = (await engine.handlers.intakePaths({ profileId: profile.id, paths: [file!] })).documentIds[0]!;
  await engine.parts.timestamps!.tick();
  const doc = await engine.handlers.getDocument({ id });
  await engine.handlers.updateMetadata({
    id,
    metadata: { ...doc.metadata, objet: 'Expiration', date: '2024-03-12', classification: '7.1' },
  });
  await engine.handlers.depositNow({ ids: [id] });
  expect((await waitForState(engine, id, ['accepted', 'rejected', 'failed'], 60_000)).state).toBe('accepted');
  await engine.parts.timestamps!.stampNow();

  // The short-lived TSA certificate expires tomorrow: the mairie moves to a durable TSA, and
  // every chain is re-stamped before the expiry.
  await engine.handlers.updateSettings({ tsaUrl: longTsa.url, tsaCertPem: longTsa.caPem });
  expect(await engine.parts.timestamps!.renew(2 * 86_400_000)).toBeGreaterThanOrEqual(2);
  // Nothing left to renew: each chain now ends with a durable certificate.
  expect(await engine.parts.timestamps!.renew(2 * 86_400_000)).toBe(0);

  const ref = await engine.handlers.exportEvidence({ documentId: id });
  const out = path.join(root, 'out');
  mkdirSync(out);
  execFileSync('unzip', ['-q', engine.resolveExport(ref.exportId)!.path, '-d', out]);
  pkg = path.join(out, 'preuve');
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await shortTsa?.close();
  await longTsa?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('re-stamp chain', () => {
  it('stores renewals whose TSA certificate outlives the expiring one', () => {
    const rows = engine.parts.db
      .prepare("SELECT id, token FROM timestamps WHERE state = 'granted' ORDER BY id")
      .all() as Array<{ id: number; token: Buffer }>;
    const renewals = new TimestampRenewals(engine.parts.db);
    const expiring = rows.filter((r) => tokenSignerExpiry(r.token).getTime() < Date.now() + 2 * 86_400_000);
    expect(expiring.length).toBeGreaterThanOrEqual(2);
    for (const r of rows.filter((x) => !expiring.includes(x))) expect(renewals.listFor(r.id)).toHaveLength(0);
    for (const r of expiring) {
      const chain = renewals.listFor(r.id);
      expect(chain).toHaveLength(1);
      expect(tokenSignerExpiry(chain[0]!.tokenDer).getTime()).toBeGreaterThan(
        tokenSignerExpiry(r.token).getTime() + 86_400_000,
      );
    }
  });

  it('openssl: the token alone fails after expiry; the chain verifies it with -attime', () => {
    const h = path.join(pkg, 'horodatage');
    const seq = readdirSync(h)
      .map((f) => /^renouvellement-(\d+)-1\.tsr$/.exec(f)?.[1])
      .find(Boolean)!;
    const ts = (args: string[]) => spawnSync('openssl', ['ts', '-verify', ...args], { cwd: h, encoding: 'utf8' });
    const token = [
      '-data',
      `tete-journal-${seq}.txt`,
      '-in',
      `jeton-${seq}.tsr`,
      '-token_in',
      '-CAfile',
      `autorite-${seq}.pem`,
      '-untrusted',
      `signataire-${seq}.pem`,
      '-partial_chain',
    ];
    expect(ts(token).stdout).toContain('Verification: OK');
    const expired = ts([...token, '-attime', String(inThreeDays)]);
    expect(expired.stdout + expired.stderr).toMatch(/certificate has expired|Verification: FAILED/);

    const renewal = ts([
      '-data',
      `jeton-${seq}.tsr`,
      '-in',
      `renouvellement-${seq}-1.tsr`,
      '-token_in',
      '-CAfile',
      `renouvellement-${seq}-1-autorite.pem`,
      '-untrusted',
      `renouvellement-${seq}-1-signataire.pem`,
      '-partial_chain',
      '-attime',
      String(inThreeDays),
    ]);
    expect(renewal.stdout, renewal.stderr).toContain('Verification: OK');
    const text = execFileSync(
      'openssl',
      ['ts', '-reply', '-in', `renouvellement-${seq}-1.tsr`, '-token_in', '-token_out', '-text'],
      {
        cwd: h,
        encoding: 'utf8',
      },
    );
    const renewedAt = Math.floor(Date.parse(/Time stamp: (.+)/.exec(text)![1]!.replace(' GMT', 'Z')) / 1000);
    expect(ts([...token, '-attime', String(renewedAt)]).stdout).toContain('Verification: OK');
  });

  it('verifier.sh three days after the expiry: valid through the chain, invalid without it', () => {
    const later = runVerifier(pkg, ['--a-la-date', String(inThreeDays)]);
    expect(later.out).toMatch(/OK {6}jeton de l’entrée \d+ valide à la date de son renouvellement/);
    expect(later.out).not.toContain('ÉCHEC');
    expect(later.status, later.out).toBe(0);

    const stripped = copyPackage(pkg, path.join(root, 'sans-renouvellement'));
    for (const f of readdirSync(path.join(stripped, 'horodatage')))
      if (f.startsWith('renouvellement-')) rmSync(path.join(stripped, 'horodatage', f));
    expect(existsSync(path.join(stripped, 'verifier.sh'))).toBe(true);
    const r = runVerifier(stripped, ['--a-la-date', String(inThreeDays)]);
    expect(r.out).toMatch(/ÉCHEC {3}jeton d’horodatage de l’entrée \d+ invalide/);
    expect(r.status).toBe(1);
  });
});
