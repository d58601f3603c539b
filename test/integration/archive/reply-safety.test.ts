// An archive (or something posing as one) answering hostile or foreign SEDA replies: the
// connectors read them with the safe parser and refuse them with the usual protocol error.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GARBAGE } from '../../../main/core/archive/answers';
import { AsalaeClient } from '../../../main/core/archive/asalae-client';
import { ArchiveError } from '../../../main/core/archive/connector';
import { VitamClient } from '../../../main/core/archive/vitam-client';
import { buildAcknowledgement, buildArchiveTransferReply } from '../../../main/core/seda/replies';
import { billionLaughs } from '../../tools/hostile-xml';

const OURS = 'SCEAU_213502388_20260315_AB12';
const TA = 'FRDEMO_MAIRIE_EXEMPLE';
const OPERATION = 'aeeaaaaaagh23tjvabz5gal6qlt6iaaaaaq';

/** Classic billion laughs: ten levels of ten, 10^9 "lol" (about 3 GB) once expanded. */
const BILLION_LAUGHS = billionLaughs(
  'ArchiveTransferReply',
  `
  <Date>2026-03-15T10:45:00Z</Date>
  <MessageIdentifier>${OURS}</MessageIdentifier>
  <ReplyCode>000</ReplyCode>
  <MessageRequestIdentifier>FRDEMO_ATR_1</MessageRequestIdentifier>`,
);

function atr(messageIdentifier: string, messageRequestIdentifier: string, replyCode = '000'): string {
  return buildArchiveTransferReply({
    version: '2.1',
    messageIdentifier,
    messageRequestIdentifier,
    replyCode,
    date: '2026-03-15T10:45:00Z',
    comment: 'Transfert accepté',
    archivalAgency: 'FRDEMO_SAE_REGIONAL',
    transferringAgency: TA,
  });
}

let server: http.Server;
let origin: string;
/** What the archive answers to ACK / ATR requests (both protocols). */
let body = '';
/** Status of ACK / ATR answers (200 unless a test sets it). */
let ackStatus = 200;
/** Requests for the probe a resolved external entity would make. */
let probeHits = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    const p = (req.url ?? '').split('?')[0] ?? '';
    if (p.startsWith('/xxe-probe')) {
      probeHits++;
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('secret');
    } else if (/\/message:(Acknowledgement|ArchiveTransferReply)\//.test(p)) {
      res.writeHead(ackStatus, { 'Content-Type': ackStatus === 200 ? 'application/xml' : 'text/plain; charset=utf-8' });
      res.end(body);
    } else if (req.method === 'HEAD' && p.startsWith('/admin-external/v1/operations/')) {
      res.writeHead(200, { 'X-Global-Execution-State': 'COMPLETED', 'X-Global-Execution-Status': 'OK' });
      res.end();
    } else if (p.endsWith('/archivetransferreply')) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.end(body);
    } else {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"message":"inconnu"}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const asalae = () =>
  new AsalaeClient({ baseUrl: `${origin}/restservices`, login: 'demo', password: 'x', http: { idleTimeoutMs: 3000 } });
const vitam = () => new VitamClient({ baseUrl: origin, tenant: 0, http: { idleTimeoutMs: 3000 } });
const ref = { messageIdentifier: OURS, transferringAgency: TA };
const vitamRef = { ...ref, operationId: OPERATION };

async function rejectsWith(p: Promise<unknown>): Promise<ArchiveError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ArchiveError) return e;
    throw e;
  }
  throw new Error('expected an ArchiveError');
}

/** Runs `f` while sampling the process memory; returns the peak growth in bytes. */
async function peakGrowth(f: () => Promise<void>): Promise<{ rss: number; heap: number }> {
  const start = process.memoryUsage();
  let rss = start.rss;
  let heap = start.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 2);
  try {
    await f();
  } finally {
    clearInterval(timer);
  }
  const end = process.memoryUsage();
  return { rss: Math.max(rss, end.rss) - start.rss, heap: Math.max(heap, end.heapUsed) - start.heapUsed };
}

describe('hostile XML in ACK / ATR', () => {
  test('billion laughs ATR: AsalaeClient.reply() refuses it, memory stays low', async () => {
    body = BILLION_LAUGHS;
    const errors: ArchiveError[] = [];
    const growth = await peakGrowth(async () => {
      // Several times, so a partial expansion or a leak would show.
      for (let i = 0; i < 20; i++) errors.push(await rejectsWith(asalae().reply(ref)));
    });
    for (const e of errors) {
      expect(e.code).toBe('protocol');
      expect(e.message).toBe(GARBAGE);
      expect(e.retryable).toBe(true);
    }
    // Expanded, the bomb is ~3 GB; refused, the whole loop costs a few MB at most.
    expect(growth.heap).toBeLessThan(32 * 1024 * 1024);
    expect(growth.rss).toBeLessThan(64 * 1024 * 1024);
  });

  test('billion laughs in an ACK (acknowledgement and lookup) and in a Vitam ATR', async () => {
    body = BILLION_LAUGHS.replace(/ArchiveTransferReply/g, 'Acknowledgement');
    const growth = await peakGrowth(async () => {
      expect(await rejectsWith(asalae().acknowledgement(ref))).toMatchObject({ code: 'protocol', message: GARBAGE });
      expect(await rejectsWith(asalae().lookup(ref))).toMatchObject({ code: 'protocol', message: GARBAGE });
      body = BILLION_LAUGHS;
      expect(await rejectsWith(vitam().reply(vitamRef))).toMatchObject({ code: 'protocol', message: GARBAGE });
    });
    expect(growth.heap).toBeLessThan(32 * 1024 * 1024);
  });

  test('external entities (file and network) are refused and never fetched', async () => {
    probeHits = 0;
    for (const system of ['file:///etc/passwd', `${origin}/xxe-probe`]) {
      body = atr(OURS, 'FRDEMO_ATR_1')
        .replace(
          '<?xml version="1.0" encoding="UTF-8"?>\n',
          `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ArchiveTransferReply [<!ENTITY xxe SYSTEM "${system}">]>\n`,
        )
        .replace('<Comment>Transfert accepté</Comment>', '<Comment>&xxe;</Comment>');
      const e = await rejectsWith(asalae().reply(ref));
      expect(e).toMatchObject({ code: 'protocol', message: GARBAGE });
      expect(e.message).not.toContain('root:');
      expect(await rejectsWith(vitam().reply(vitamRef))).toMatchObject({ code: 'protocol', message: GARBAGE });
    }
    expect(probeHits).toBe(0);
  });

  test('an undeclared entity reference, deep nesting and truncated XML are refused too', async () => {
    for (const bad of [
      atr(OURS, 'FRDEMO_ATR_1').replace('Transfert accepté', '&xxe;'),
      `<ArchiveTransferReply xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1">${'<a>'.repeat(100_000)}`,
      atr(OURS, 'FRDEMO_ATR_1').slice(0, 200),
      'Transfert en cours de traitement',
    ]) {
      body = bad;
      expect(await rejectsWith(asalae().reply(ref))).toMatchObject({ code: 'protocol', message: GARBAGE });
    }
  });
});

// Review (rev2): the user-facing reason is built from every KO event of the reply. 30,000 of
// them made a 6 MB « reason », stored as the transfer's last error, journaled and shown as is.
describe('a reply with thousands of refusal reasons', () => {
  const events = Array.from({ length: 30_000 }, (_, i) => ({
    typeCode: `CHECK_${i}`,
    dateTime: '2026-03-15T10:45:00Z',
    outcome: 'KO',
    outcomeDetailMessage: `Motif n° ${i} : ${'contrôle en échec '.repeat(10)}`,
  }));
  const reply = (replyCode: string, messageIdentifier: string, request: string) =>
    buildArchiveTransferReply({
      version: '2.1',
      messageIdentifier,
      messageRequestIdentifier: request,
      replyCode,
      date: '2026-03-15T10:45:00Z',
      archivalAgency: 'FRDEMO_SAE_REGIONAL',
      transferringAgency: TA,
      events,
    });

  test('Vitam and as@lae both keep the reason short, first reasons first', async () => {
    body = reply('KO', OPERATION, OURS);
    const v = await vitam().reply(vitamRef);
    if (v.state === 'pending') throw new Error('expected a verdict');
    expect(v.state).toBe('rejected');
    expect(v.comment).toContain('Motif n° 0 ');
    expect(v.comment.length).toBeLessThanOrEqual(2_000);
    body = reply('300', OURS, 'FRDEMO_ATR_1');
    const a = await asalae().reply(ref);
    if (a.state === 'pending') throw new Error('expected a verdict');
    expect(a.state).toBe('rejected');
    expect(a.comment).toContain('Motif n° 0 ');
    expect(a.comment.length).toBeLessThanOrEqual(2_000);
  });
});

describe('a reply for another transfer', () => {
  test('as@lae: our id in neither MessageIdentifier nor MessageRequestIdentifier ⇒ refused', async () => {
    body = atr('FRDEMO_ATR_8', 'SCEAU_AUTRE_TRANSFERT');
    const e = await rejectsWith(asalae().reply(ref));
    expect(e.code).toBe('protocol');
    expect(e.message).toBe(
      `L’archive a envoyé une réponse pour un autre transfert (attendu « ${OURS} », reçu « SCEAU_AUTRE_TRANSFERT »).`,
    );
  });

  test('a foreign identifier of 1 MB is not repeated whole in the message', async () => {
    const huge = `SCEAU_${'X'.repeat(1_000_000)}`;
    body = atr('FRDEMO_ATR_8', huge);
    const e = await rejectsWith(asalae().reply(ref));
    expect(e.message).toMatch(/reçu « SCEAU_X+… »\)\.$/);
    expect(e.message.length).toBeLessThan(500);
  });

  test('as@lae: ours in either place is accepted (as@lae swaps them)', async () => {
    body = atr(OURS, 'FRDEMO_ATR_1');
    expect(await asalae().reply(ref)).toMatchObject({
      state: 'accepted',
      replyCode: '000',
      // Never the ATR's Comment: as@lae echoes there our own bordereau's Comment.
      comment: 'Transfert accepté par l’archive.',
    });
    body = atr('FRDEMO_ATR_1', OURS);
    expect(await asalae().reply(ref)).toMatchObject({ state: 'accepted' });
  });

  test('Vitam: MessageRequestIdentifier of another transfer ⇒ refused, even with ours as MessageIdentifier', async () => {
    body = atr(OPERATION, 'SCEAU_AUTRE_TRANSFERT', 'OK');
    const e = await rejectsWith(vitam().reply(vitamRef));
    expect(e.code).toBe('protocol');
    expect(e.message).toMatch(
      /réponse pour un autre transfert \(attendu « SCEAU_213502388_20260315_AB12 », reçu « SCEAU_AUTRE_TRANSFERT »\)/,
    );
    body = atr(OURS, 'SCEAU_AUTRE_TRANSFERT', 'OK');
    expect((await rejectsWith(vitam().reply(vitamRef))).message).toMatch(/autre transfert/);
    body = atr(OPERATION, OURS, 'OK');
    expect(await vitam().reply(vitamRef)).toMatchObject({ state: 'accepted', replyCode: 'OK' });
  });

  test('as@lae ACK for another transfer ⇒ refused (acknowledgement and lookup)', async () => {
    body = buildAcknowledgement({
      version: '2.2',
      messageIdentifier: 'FRDEMO_ACK_3',
      messageReceivedIdentifier: 'SCEAU_AUTRE_TRANSFERT',
      date: '2026-03-15T10:31:00Z',
      sender: 'SAE',
      receiver: TA,
    });
    expect((await rejectsWith(asalae().acknowledgement(ref))).message).toMatch(/autre transfert/);
    expect((await rejectsWith(asalae().lookup(ref))).message).toMatch(/autre transfert/);
  });
});

describe('as@lae lookup: what each answer means', () => {
  afterAll(() => {
    ackStatus = 200;
  });
  const cases: Array<[string, number, string, 'received' | 'not received' | 'ask again']> = [
    // as@lae 1.6's own answer for an unknown transfer: a 500, not a 404.
    [
      '500 « non trouvé » for our id',
      500,
      `Transfert d'archive à l'origine de la séquence non trouvé : ${OURS}`,
      'not received',
    ],
    [
      '500 « non trouvé » for another id',
      500,
      "Transfert d'archive à l'origine de la séquence non trouvé : AUTRE_42",
      'ask again',
    ],
    ['500 from a proxy', 500, '<html><body>Internal Server Error</body></html>', 'ask again'],
    ['502 « page non trouvée » from a proxy', 502, 'Page non trouvée', 'ask again'],
    // A proxy page echoing the request URL, which holds our identifier.
    [
      '500 proxy page « non trouvée » quoting the URL',
      500,
      `Ressource non trouvée : /restservices/sedaMessages/sequence:ArchiveTransfer/message:Acknowledgement/originOrganizationIdentification:${TA}/originMessageIdentifier:${OURS}`,
      'ask again',
    ],
    [
      '503 with as@lae’s sentence',
      503,
      `Transfert d'archive à l'origine de la séquence non trouvé : ${OURS}`,
      'ask again',
    ],
    [
      '500 « non trouvé » for an id that merely starts like ours',
      500,
      `Transfert d'archive à l'origine de la séquence non trouvé : ${OURS}_BIS`,
      'ask again',
    ],
    ['500 « en cours de traitement »', 500, 'Transfert en cours de traitement', 'received'],
    ['404', 404, '{"message":"inconnu"}', 'not received'],
    // Review (rev2): an overloaded or timed-out archive, or a redirect (an SSO proxy's login
    // page), says nothing about the transfer: reading them as « not received » sent it twice.
    ['429 overloaded', 429, '{"message":"Trop de requêtes"}', 'ask again'],
    ['408 request timeout', 408, 'Request Timeout', 'ask again'],
    ['302 to a login page', 302, '<html>Redirection</html>', 'ask again'],
  ];
  for (const [label, status, text, expected] of cases) {
    test(`${label} ⇒ ${expected}`, async () => {
      ackStatus = status;
      body = text;
      const outcome = await asalae()
        .lookup(ref)
        .then(
          (r) => (r.received ? 'received' : 'not received'),
          (e: unknown) => {
            expect(e).toBeInstanceOf(ArchiveError);
            expect((e as ArchiveError).retryable).toBe(true);
            return 'ask again';
          },
        );
      expect(outcome).toBe(expected);
    });
  }
});
