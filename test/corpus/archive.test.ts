// Bad answers from the archive side, driven through the engine (intake → metadata →
// depositNow) against a fake as@lae on 127.0.0.1 (fake-archive.ts) and against TLS servers
// with bad certificates (test/tools/certs.ts). Right behaviour: a bad answer never makes a
// deposit "accepted", never crashes or floods memory, never sends twice; the user sees a
// French reason on the document; and it is accepted once the archive answers properly.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GARBAGE } from '../../main/core/archive/answers';
import { MESSAGES } from '../../main/core/net/messages';
import type { DocumentState } from '../../main/contract/types';
import { makeTestPki, type TestPki } from '../tools/certs';
import { waitForValue } from '../tools/wait';
import {
  complete,
  expectFrenchOnly,
  expectVaultAndJournalVerify,
  openCorpusEngine,
  visibleText,
  waitForDocState,
  type CorpusEngine,
} from './corpus-helpers';
import { startFakeArchive, type FakeArchive, type Scenario } from './fake-archive';
import { pdf, write } from './generate';

const ANOTHER =
  /L’archive a envoyé une réponse pour un autre transfert \(attendu « SCEAU_\w+ », reçu « SCEAU_999999999_20260101_AUTRE »\)\./;

interface Case {
  name: string;
  scenario: Scenario;
  /** Where the document stays while the archive misbehaves. */
  stays?: DocumentState;
  /** The document's final state (the archive recovers by itself). */
  ends?: DocumentState;
  message: string | RegExp;
}

const ALL_CASES: Case[] = [
  { name: 'ok', scenario: {}, ends: 'accepted', message: 'Transfert accepté' },
  {
    name: 'rejet',
    scenario: { replyCode: '300' },
    ends: 'rejected',
    // The reply code's meaning, not the ATR's Comment (as@lae echoes the bordereau's there).
    message: 'Archive refusée — code de retour 300 : Convention invalide.',
  },
  { name: 'ack-malformed', scenario: { ack: 'malformed' }, stays: 'sent', message: GARBAGE },
  { name: 'ack-bomb', scenario: { ack: 'bomb' }, stays: 'sent', message: GARBAGE },
  { name: 'ack-xxe', scenario: { ack: 'xxe' }, stays: 'sent', message: GARBAGE },
  { name: 'ack-other', scenario: { ack: 'other' }, stays: 'sent', message: ANOTHER },
  { name: 'ack-html', scenario: { ack: 'html' }, stays: 'sent', message: GARBAGE },
  { name: 'ack-huge', scenario: { ack: 'huge' }, stays: 'sent', message: MESSAGES.tooLarge },
  { name: 'atr-malformed', scenario: { atr: 'malformed' }, stays: 'acknowledged', message: GARBAGE },
  { name: 'atr-bomb', scenario: { atr: 'bomb' }, stays: 'acknowledged', message: GARBAGE },
  { name: 'atr-xxe', scenario: { atr: 'xxe' }, stays: 'acknowledged', message: GARBAGE },
  { name: 'atr-other', scenario: { atr: 'other' }, stays: 'acknowledged', message: ANOTHER },
  { name: 'atr-wrongtype', scenario: { atr: 'wrongType' }, stays: 'acknowledged', message: GARBAGE },
  { name: 'atr-noreplycode', scenario: { atr: 'noReplyCode' }, stays: 'acknowledged', message: GARBAGE },
  { name: 'atr-wrongroot', scenario: { atr: 'wrongRoot' }, stays: 'acknowledged', message: GARBAGE },
  { name: 'atr-huge', scenario: { atr: 'huge' }, stays: 'acknowledged', message: MESSAGES.tooLarge },
  { name: 'post-html200', scenario: { post: 'html200' }, ends: 'accepted', message: GARBAGE },
  {
    name: 'post-html503',
    scenario: { post: 'html503' },
    ends: 'accepted',
    message:
      'L’archive a rencontré une erreur interne (HTTP 503) pendant l’envoi du transfert. Un nouvel essai sera fait plus tard.',
  },
  { name: 'post-wrongtype', scenario: { post: 'wrongType' }, ends: 'accepted', message: GARBAGE },
  // The archive stored it but its answer never ends: cut, then asked, then tracked to the end.
  { name: 'post-huge', scenario: { post: 'huge' }, ends: 'accepted', message: MESSAGES.tooLarge },
];

/** CORPUS_ONLY=name,name to run a few rows. */
const only = process.env.CORPUS_ONLY?.split(',');
const CASES = only ? ALL_CASES.filter((k) => only.includes(k.name)) : ALL_CASES;

let c: CorpusEngine;
let fake: FakeArchive;
let fakeProfileId: string;
const ids = new Map<string, string>();
const rssBefore = process.memoryUsage().rss;
let rssPeak = rssBefore;
const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);

beforeAll(async () => {
  c = await openCorpusEngine('archive');
  fake = await startFakeArchive({ scenarios: Object.fromEntries(CASES.map((k) => [k.name, k.scenario])) });
  const profile = await c.engine.handlers.createProfile({
    profile: {
      name: 'Commune de Faussarchive',
      siren: '213502388',
      archiveKind: 'asalae',
      endpoints: [{ url: fake.url }],
      login: 'mairie-test',
      transferringAgencyId: 'FRFAKE_MAIRIE',
      archivalAgencyId: 'FAKE_SAE',
      archivalAgreement: 'ACCORD-FAUX',
      // A declared archival profile keeps one act per transfer (app/deposit-batching.ts):
      // each row of the table must be its own transfer, meeting its own bad answer.
      archivalProfile: 'PROFIL-UN-ACTE',
    },
    password: 'mot-de-passe',
  });
  fakeProfileId = profile.id;
  const dir = path.join(c.root, 'actes');
  const files = CASES.map((k, i) => write(dir, `DE_2024_${300 + i}_${k.name}.pdf`, pdf(`cas ${k.name}`)));
  const r = await c.engine.handlers.intakePaths({ profileId: fakeProfileId, paths: files });
  expect(r.documentIds).toHaveLength(CASES.length);
  for (const [i, k] of CASES.entries()) {
    const id = r.documentIds[i]!;
    await complete(c.engine, id, `CAS:${k.name} délibération de test`, `2024_${300 + i}`);
    ids.set(k.name, id);
  }
  const plan = await c.engine.handlers.depositNow({ ids: [...ids.values()] });
  expect(plan).toEqual({ queued: CASES.length, problems: [] });
}, 60_000);

afterAll(async () => {
  clearInterval(rssTimer);
  await c?.close();
  await fake?.close();
});

describe('bad answers from the archive, one table', () => {
  it.each(CASES)(
    '$name',
    async (k) => {
      const id = ids.get(k.name)!;
      if (k.ends) {
        const d = await waitForDocState(c.engine, id, [k.ends], 15_000);
        const text = visibleText(d);
        if (typeof k.message === 'string') expect(text).toContain(k.message);
        else expect(text).toMatch(k.message);
        const mid = d.transfer!.messageIdentifier;
        expect(
          fake.stored().filter((s) => s === mid),
          'stored exactly once',
        ).toHaveLength(1);
        return;
      }
      // Misbehaving for good: wait until the engine met the bad answer at least twice.
      const tid = (await c.engine.handlers.getDocument({ id })).transferId!;
      await waitForValue(
        `${k.name}: the engine meets the bad answer`,
        async () => {
          const t = c.engine.parts.transfers.get(tid);
          return t && t.state === k.stays && t.lastError ? t : null;
        },
        40_000,
      );
      await new Promise((r) => setTimeout(r, 500));
      const d = await c.engine.handlers.getDocument({ id });
      expect(d.state, 'never accepted on a bad answer').toBe(k.stays);
      expect(d.transfer?.replyCode ?? null).toBeNull();
      const lastError = c.engine.parts.transfers.get(tid)!.lastError!;
      if (typeof k.message === 'string') expect(lastError).toBe(k.message);
      else expect(lastError).toMatch(k.message);
      expectFrenchOnly(lastError);
      // …and the user can see it: the document says why it is stuck.
      if (typeof k.message === 'string') expect(visibleText(d), 'reason visible on the document').toContain(k.message);
      else expect(visibleText(d), 'reason visible on the document').toMatch(k.message);
    },
    60_000,
  );

  it('the 1 GB answers were cut early (the client read at most a few tens of MiB of each)', () => {
    console.log(
      `[corpus] endless answers: the client hung up after ${fake.hugeBytesSent.map((b) => `${(b / 1048576).toFixed(0)} MiB`).join(', ')}`,
    );
    expect(fake.hugeBytesSent.length).toBeGreaterThan(0);
    for (const sent of fake.hugeBytesSent) expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('no external entity was ever resolved, and the XML bombs did not blow up memory', () => {
    expect(fake.xxeProbeHits()).toBe(0);
    expect(rssPeak - rssBefore).toBeLessThan(400 * 1024 * 1024);
  });

  it('nothing was sent twice; the vault and the journal verify', async () => {
    for (const [mid, n] of fake.posts()) {
      const k = CASES.find((x) => x.scenario.post && fake.stored().includes(mid));
      expect(n, mid).toBeLessThanOrEqual(k ? 2 : 1);
    }
    expect(new Set(fake.stored()).size).toBe(fake.stored().length);
    await expectVaultAndJournalVerify(c.engine);
  });
});

describe('certificates (HTTPS archive)', () => {
  let pki: TestPki;
  const servers: FakeArchive[] = [];
  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it.each([
    ['expired', 'expired' as const, true, MESSAGES.expired],
    ['for another host name', 'wrongHost' as const, true, MESSAGES.wrongHost],
    ['from an unknown authority', 'untrusted' as const, true, MESSAGES.unknownCa],
    ['signed by the CA but no CA configured', 'server' as const, false, MESSAGES.unknownCa],
  ])('a certificate %s: "Tester la connexion" says so in French', async (_label, which, trustCa, message) => {
    const server = await startFakeArchive({ scenarios: {}, tls: pki[which] });
    servers.push(server);
    const check = await c.engine.handlers.testConnection({
      draft: {
        name: `Commune TLS ${which}`,
        siren: '213502388',
        archiveKind: 'asalae',
        endpoints: [{ url: server.url }],
        login: 'mairie-test',
        transferringAgencyId: 'FRFAKE_MAIRIE',
        archivalAgencyId: 'FAKE_SAE',
        archivalAgreement: 'ACCORD-FAUX',
        ...(trustCa ? { tls: { caPem: pki.caPem } } : {}),
      },
      password: 'x',
    });
    expect(check).toMatchObject({ reachable: false, authenticated: false, message });
  });

  it('a deposit to an archive whose certificate expired is not sent, and the document says why', async () => {
    const server = await startFakeArchive({ scenarios: {}, tls: pki.expired });
    servers.push(server);
    const profile = await c.engine.handlers.createProfile({
      profile: {
        name: 'Commune au certificat expiré',
        siren: '213502388',
        archiveKind: 'asalae',
        endpoints: [{ url: server.url }],
        login: 'mairie-test',
        transferringAgencyId: 'FRFAKE_MAIRIE',
        archivalAgencyId: 'FAKE_SAE',
        archivalAgreement: 'ACCORD-FAUX',
        tls: { caPem: pki.caPem },
      },
      password: 'x',
    });
    const f = write(path.join(c.root, 'tls'), 'DE_2024_500_certificat.pdf', pdf('certificat expire'));
    const r = await c.engine.handlers.intakePaths({ profileId: profile.id, paths: [f] });
    const id = r.documentIds[0]!;
    await complete(c.engine, id, 'Acte vers une archive au certificat expiré', '2024_500');
    await c.engine.handlers.depositNow({ ids: [id] });
    await new Promise((res) => setTimeout(res, 3000));
    const d = await c.engine.handlers.getDocument({ id });
    expect(d.state).toBe('queued');
    expect(server.stored()).toEqual([]);
    // "L’archive ne répond pas" would send the secretary after the network; the certificate is the problem.
    expect(visibleText(d), 'the certificate problem is visible on the document').toContain(MESSAGES.expired);
  }, 30_000);
});
