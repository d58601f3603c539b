// A small as@lae look-alike for the corpus: it speaks enough of the REST protocol for the
// engine (ping, versions, sedaMessages, ACK, ATR) and misbehaves on demand. The scenario of
// a transfer is chosen by its act's objet (« CAS:<name> … »), read from the bordereau it
// receives, so one server serves every case of a table at once.
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { buildAcknowledgement, buildArchiveTransferReply } from '../../main/core/seda/replies';
import { billionLaughs } from '../tools/hostile-xml';

export type PostFault = 'html200' | 'html503' | 'wrongType' | 'huge';
export type ReplyFault =
  'malformed' | 'bomb' | 'xxe' | 'other' | 'wrongType' | 'html' | 'huge' | 'noReplyCode' | 'wrongRoot';

export interface Scenario {
  /** The first POST gets this instead of the archive's answer (not stored). */
  post?: PostFault;
  /** Every ACK request gets this. */
  ack?: ReplyFault;
  /** Every ATR request gets this. */
  atr?: ReplyFault;
  /** ATR code when it is answered properly (default 000). */
  replyCode?: string;
}

interface Stored {
  messageIdentifier: string;
  transferringAgency: string;
  scenario: Scenario;
  posts: number;
}

export interface FakeArchive {
  url: string;
  /** MessageIdentifiers stored (a real archive keeps each once). */
  stored(): string[];
  /** POSTs to /sedaMessages per MessageIdentifier (faulted ones included). */
  posts(): Map<string, number>;
  /** Bytes written for "huge" answers before the client hung up. */
  hugeBytesSent: number[];
  /** Hits on the URL an external entity would resolve to. */
  xxeProbeHits(): number;
  close(): Promise<void>;
}

const BILLION_LAUGHS = (root: string, id: string) =>
  billionLaughs(
    root,
    `
  <Date>2026-03-15T10:45:00Z</Date>
  <MessageIdentifier>FAKE_1</MessageIdentifier>
  <MessageReceivedIdentifier>${id}</MessageReceivedIdentifier>
  <ReplyCode>000</ReplyCode>
  <MessageRequestIdentifier>${id}</MessageRequestIdentifier>`,
  );

const XXE = (root: string, id: string, probe: string) => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE r [ <!ENTITY xxe SYSTEM "${probe}"> <!ENTITY local SYSTEM "file:///etc/passwd"> ]>
<${root} xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1">
  <Comment>&xxe;&local;</Comment>
  <Date>2026-03-15T10:45:00Z</Date>
  <MessageIdentifier>FAKE_2</MessageIdentifier>
  <MessageReceivedIdentifier>${id}</MessageReceivedIdentifier>
  <ReplyCode>000</ReplyCode>
  <MessageRequestIdentifier>${id}</MessageRequestIdentifier>
</${root}>
`;

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>';

export async function startFakeArchive(options: {
  scenarios: Record<string, Scenario>;
  tls?: { key: string; cert: string };
}): Promise<FakeArchive> {
  const byId = new Map<string, Stored>();
  const posts = new Map<string, number>();
  const hugeBytesSent: number[] = [];
  let probeHits = 0;
  let base = '';

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const xml = (res: http.ServerResponse, body: string, type = 'application/xml') => {
    res.writeHead(200, { 'Content-Type': type });
    res.end(body);
  };
  /** Streams up to 1 GiB (chunked, no length announced) until the client hangs up. */
  const huge = (res: http.ServerResponse, type: string) => {
    res.writeHead(200, { 'Content-Type': type });
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    let sent = 0;
    const slot = hugeBytesSent.push(0) - 1;
    const pump = () => {
      while (sent < 1024 * 1024 * 1024 && !res.destroyed) {
        sent += chunk.length;
        hugeBytesSent[slot] = sent;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    res.on('close', () => (hugeBytesSent[slot] = sent));
    pump();
  };

  const fault = (
    res: http.ServerResponse,
    f: ReplyFault,
    root: 'Acknowledgement' | 'ArchiveTransferReply',
    s: Stored,
  ) => {
    switch (f) {
      case 'malformed':
        return xml(
          res,
          `<?xml version="1.0"?><${root} xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1"><Date>2026-03-15`,
        );
      case 'bomb':
        return xml(res, BILLION_LAUGHS(root, s.messageIdentifier));
      case 'xxe':
        return xml(res, XXE(root, s.messageIdentifier, `${base}/xxe-probe`));
      case 'wrongType':
        return xml(res, goodReply(root, s), 'application/json');
      case 'html':
        return xml(res, HTML_PAGE, 'text/html');
      case 'huge':
        return huge(res, 'application/xml');
      case 'other':
        return xml(res, goodReply(root, { ...s, messageIdentifier: 'SCEAU_999999999_20260101_AUTRE' }));
      case 'noReplyCode':
        return xml(res, goodReply(root, s).replace(/<ReplyCode>[^<]*<\/ReplyCode>/, ''));
      case 'wrongRoot':
        return xml(res, goodReply(root, s).replace(new RegExp(root, 'g'), 'ArchiveDeliveryRequestReply'));
    }
  };

  const goodReply = (root: 'Acknowledgement' | 'ArchiveTransferReply', s: Stored) =>
    root === 'Acknowledgement'
      ? buildAcknowledgement({
          version: '2.1',
          messageIdentifier: `FAKE_ACK_${s.messageIdentifier}`,
          messageReceivedIdentifier: s.messageIdentifier,
          date: new Date().toISOString(),
          comment: 'Transfert reçu',
          sender: 'FAKE_SAE',
          receiver: s.transferringAgency,
        })
      : buildArchiveTransferReply({
          version: '2.1',
          messageIdentifier: `FAKE_ATR_${s.messageIdentifier}`,
          messageRequestIdentifier: s.messageIdentifier,
          replyCode: s.scenario.replyCode ?? '000',
          date: new Date().toISOString(),
          comment:
            (s.scenario.replyCode ?? '000') === '000'
              ? 'Transfert accepté'
              : 'Transfert refusé : accord de versement inconnu',
          archivalAgency: 'FAKE_SAE',
          transferringAgency: s.transferringAgency,
        });

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? '';
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (url.startsWith('/xxe-probe')) {
        probeHits++;
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return res.end('fuite');
      }
      if (url === '/restservices/ping') return json(res, 200, { ping: 'pong' });
      if (url === '/restservices/versions') return json(res, 200, { application: 'as@lae (faux)', version: '2.1.0' });
      if (req.method === 'POST' && url === '/restservices/sedaMessages') {
        const body = Buffer.concat(chunks).toString('latin1');
        const id = /<MessageIdentifier>([^<]+)<\/MessageIdentifier>/.exec(body)?.[1] ?? '';
        const ta = /<TransferringAgency>\s*<Identifier>([^<]+)<\/Identifier>/.exec(body)?.[1] ?? '';
        const titleUtf8 = Buffer.from(body, 'latin1').toString('utf8');
        const name = /CAS:([A-Za-z0-9-]+)/.exec(titleUtf8)?.[1] ?? '';
        const scenario = options.scenarios[name] ?? {};
        posts.set(id, (posts.get(id) ?? 0) + 1);
        const first = (posts.get(id) ?? 0) === 1;
        if (first && scenario.post) {
          if (scenario.post === 'html200') return xml(res, HTML_PAGE, 'text/html');
          if (scenario.post === 'html503') {
            res.writeHead(503, { 'Content-Type': 'text/html' });
            return res.end(HTML_PAGE);
          }
          if (scenario.post === 'wrongType') return xml(res, '<ok/>', 'application/xml');
          if (scenario.post === 'huge') {
            // The archive took it (stored), but its answer is endless.
            byId.set(id, { messageIdentifier: id, transferringAgency: ta, scenario, posts: 1 });
            return huge(res, 'application/json');
          }
        }
        if (byId.has(id)) return json(res, 409, { code: 409, message: `Le transfert ${id} a déjà été reçu` });
        byId.set(id, { messageIdentifier: id, transferringAgency: ta, scenario, posts: 1 });
        return json(res, 200, { message: 'Transfert reçu' });
      }
      const m =
        /\/message:(Acknowledgement|ArchiveTransferReply)\/originOrganizationIdentification:[^/]*\/originMessageIdentifier:([^/?]+)/.exec(
          url,
        );
      if (m) {
        const root = m[1] as 'Acknowledgement' | 'ArchiveTransferReply';
        const s = byId.get(decodeURIComponent(m[2] ?? ''));
        if (!s) return json(res, 404, { code: 404, message: 'Transfert inconnu' });
        const f = root === 'Acknowledgement' ? s.scenario.ack : s.scenario.atr;
        if (f) return fault(res, f, root, s);
        return xml(res, goodReply(root, s));
      }
      json(res, 404, { code: 404, message: 'inconnu' });
    });
  };

  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler);
  // The client sends "Expect:" (empty) like Pastell; answer it as a normal request.
  server.on('checkExpectation', (req: http.IncomingMessage, res: http.ServerResponse) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  base = `${options.tls ? 'https' : 'http'}://${options.tls ? 'localhost' : '127.0.0.1'}:${port}`;
  return {
    url: `${base}/restservices`,
    stored: () => [...byId.keys()],
    posts: () => posts,
    hugeBytesSent,
    xxeProbeHits: () => probeHits,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(() => r(undefined)));
    },
  };
}

export function digestOf(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 12);
}
