// The reference archive: a real HTTP(S) server speaking as@lae REST (under /restservices)
// and Vitam ingest-external / admin-external / access-external, checking packages as the
// real ones do, answering valid SEDA messages, storing what it accepted on disk.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile, appendFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { SedaVersion } from '../contract/types';
import {
  DEMO_ARCHIVAL_AGENCY,
  DEMO_ASALAE_LOGIN,
  DEMO_ASALAE_PASSWORD,
  DEMO_VITAM_ACCESS_CONTRACT,
  DEMO_VITAM_TENANT,
} from './demo-account';
import { CheckRunner } from './check-runner';
import type { BordereauInfo, CheckResult } from './package-check';
import { PackageError, readPackage } from './package-reader';
import { demoAcknowledgement, vitamArchiveTransferReply, vitamDefaultKoReply } from './reply-messages';
import { BORDEREAU_LIMITS, bordereauOverLimits, quickIdentity } from './check-limits';
import { discardParts, MultipartLimitError, receiveMultipart, type StreamedPart } from './multipart-stream';

// node:http through process.getBuiltinModule, not `import`: the ES-module view reads every
// export, and its lazy `WebSocket` getter loads undici (~50 ms at every start, issue 18).
const http = process.getBuiltinModule('node:http');
const https = process.getBuiltinModule('node:https');

const FILE_PARTS: ReadonlySet<string> = new Set(['attachments', 'chunk_content']);

export interface DemoArchiveOptions {
  /** 0 or absent = random free port. */
  port?: number;
  host?: '127.0.0.1' | string;
  dataDir: string;
  /** Delay before the ATR is available (ACK: half of it). Default 1500 ms. */
  pendingMs?: number;
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** mTLS: client certificates must chain to this CA (Vitam). */
  requireClientCert?: { ca: string | Buffer };
  /** Largest accepted request body. Default 512 MiB. */
  maxBodyBytes?: number;
  /**
   * Behave like the real archives (default true): Vitam processes after its 202 and never
   * refuses a duplicate identifier, purges completed operations, wants an access contract on
   * its logbook; as@lae refuses pieces over 2 MB. false = the friendlier mode (Vitam checks
   * before answering and refuses a second copy of an identifier).
   */
  faithful?: boolean;
  /** Vitam: delay between the 202 and the header check that fills obIdIn. Default pendingMs / 3. */
  vitamHeaderCheckMs?: number;
  /** Vitam: completed operations leave the process list after this (HEAD → 204). Default 60 s (Vitam: 1 h). */
  vitamCleanPeriodMs?: number;
  /** Vitam: whether the ingest context holds `logbookoperations:read` (false ⇒ 403 on the logbook). */
  vitamLogbookPermission?: boolean;
  /** as@lae: largest accepted piece of a chunked upload. Default 2,097,152 (faithful mode). */
  asalaeMaxChunkBytes?: number;
  /** Largest total size a received package may expand to (tar.gz / zip). Default 2 GiB. */
  maxExpandedBytes?: number;
}

export interface DemoArchiveStats {
  /** MessageIdentifiers accepted. */
  accepted: string[];
  rejected: string[];
  /** Same MessageIdentifier received again and not stored twice. */
  duplicatesRefused: number;
  /** Extra archived copies: a MessageIdentifier accepted more than once (Vitam never refuses one). */
  duplicatesArchived: number;
  /** Vitam BLANK_TEST ingests (checked, nothing archived). */
  dryRuns: number;
  /** POST /sedaAttachmentsChunkFiles calls that stored a chunk. */
  chunksReceived: number;
  /** Largest piece received in a chunked upload. */
  largestChunk: number;
}

export interface DemoArchive {
  url: string;
  asalaeUrl: string;
  vitamUrl: string;
  close(): Promise<void>;
  stats(): DemoArchiveStats;
}

interface TransferRecord {
  protocol: 'asalae' | 'vitam';
  messageIdentifier: string;
  transferringAgency: string;
  version: SedaVersion;
  receivedAt: number;
  dir: string;
  operationId?: string;
  done: boolean;
  result?: CheckResult;
  ackXml?: string;
  atrXml?: string;
  cote?: string;
  duplicate?: boolean;
  /** Vitam BLANK_TEST */
  dryRun?: boolean;
  /** Vitam: when processing (the header check) ran; obIdIn holds our identifier from then on. */
  processedAt?: number;
}

interface ChunkSession {
  key: string;
  security: string;
  bordereau: Buffer;
  dir: string;
  chunks: Set<number>;
}

class HttpFail extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

const ASALAE_PREFIX = '/restservices';
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);

export async function startDemoArchive(options: DemoArchiveOptions): Promise<DemoArchive> {
  const pendingMs = options.pendingMs ?? 1500;
  const faithful = options.faithful ?? true;
  const headerCheckMs = options.vitamHeaderCheckMs ?? Math.round(pendingMs / 3);
  const cleanPeriodMs = options.vitamCleanPeriodMs ?? 60_000;
  const maxChunk = options.asalaeMaxChunkBytes ?? (faithful ? 2_097_152 : Infinity);
  const timers = new Set<NodeJS.Timeout>();
  const checks = new CheckRunner();
  const maxExpanded = options.maxExpandedBytes ?? 2 * 1024 * 1024 * 1024;
  let largestChunk = 0;
  const maxBody = options.maxBodyBytes ?? 512 * 1024 * 1024;
  const dataDir = path.resolve(options.dataDir);
  const transfersDir = path.join(dataDir, 'transfers');
  const tmpDir = path.join(dataDir, 'tmp');
  await mkdir(transfersDir, { recursive: true });
  await mkdir(tmpDir, { recursive: true });

  const asalae = new Map<string, TransferRecord>(); // key TA\0ID
  const vitamOps = new Map<string, TransferRecord>();
  const sessions = new Map<string, ChunkSession>();
  const processing = new Set<Promise<void>>();
  let duplicatesRefused = 0;
  let chunksReceived = 0;
  let counter = 0;
  const passwordHash = createHash('sha256').update(DEMO_ASALAE_PASSWORD).digest('hex');
  const key = (ta: string, id: string) => `${ta}\u0000${id}`;

  // Reload what a previous run stored, so a restart keeps idempotency and replies.
  const indexFile = path.join(dataDir, 'index.jsonl');
  const unprocessed: TransferRecord[] = [];
  try {
    for (const line of (await readFile(indexFile, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as TransferRecord;
      if (r.protocol === 'asalae') {
        r.done = true;
        asalae.set(key(r.transferringAgency, r.messageIdentifier), r);
      } else if (r.operationId) {
        if (!vitamOps.has(r.operationId)) counter++;
        vitamOps.set(r.operationId, r);
        continue;
      }
      counter++;
    }
    // A Vitam SIP stored before a restart is processed after it, as the real workflow resumes.
    for (const r of vitamOps.values()) if (!r.done) unprocessed.push(r);
  } catch {
    /* first run */
  }
  const persist = async (r: TransferRecord) => {
    await appendFile(indexFile, `${JSON.stringify({ ...r, receivedAt: 0, processedAt: 0 })}\n`);
  };

  const track = (p: Promise<void>) => {
    processing.add(p);
    void p.finally(() => processing.delete(p));
  };

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      n += c.length;
      if (n > maxBody) throw new HttpFail(413, { message: 'Requête trop volumineuse' });
      chunks.push(c);
    }
    return Buffer.concat(chunks);
  }

  function asalaeAuth(req: IncomingMessage): void {
    const h = req.headers.authorization ?? '';
    const m = /^Basic\s+(.+)$/i.exec(h);
    const [login, pass] = m
      ? Buffer.from(m[1] ?? '', 'base64')
          .toString('utf8')
          .split(/:(.*)/s)
      : [];
    if (login !== DEMO_ASALAE_LOGIN || pass !== passwordHash)
      throw new HttpFail(401, {
        code: 401,
        message: 'Authentification requise : identifiant ou mot de passe incorrect',
      });
  }

  function transferDir(protocol: string, ta: string, id: string): string {
    return path.join(transfersDir, `${protocol}-${safe(ta)}-${safe(id)}-${randomBytes(3).toString('hex')}`);
  }

  /** Shared processing: read the package, check it, build replies, store. */
  async function process(
    r: TransferRecord,
    bordereau: string,
    packageFile: string,
    manifestSha512?: string,
  ): Promise<void> {
    let result: CheckResult;
    let manifest = bordereau;
    let info: BordereauInfo = { unitIds: [] };
    try {
      const pkg = await readPackage(packageFile, path.join(r.dir, 'files'), maxExpanded);
      if (r.protocol === 'vitam') {
        const name = [...pkg.members.keys()].find((k) => k === 'manifest.xml' || /^[^/]+_manifest\.xml$/.test(k));
        if (!name) throw new PackageError('manifest.xml absent à la racine du paquet');
        manifest = await readFile(path.join(r.dir, 'files', name), 'utf8');
        pkg.members.delete(name);
        await writeFile(path.join(r.dir, 'bordereau.xml'), manifest);
      }
      // Parsed and checked in the worker thread: a hostile bordereau never stalls this one.
      const checked = await checks.run({
        kind: 'check',
        xml: manifest,
        members: [...pkg.members],
        flavour: r.protocol,
      });
      info = checked.info;
      result = checked.result;
      if (r.protocol === 'vitam') {
        r.messageIdentifier = info.messageIdentifier ?? r.messageIdentifier;
        r.transferringAgency = info.transferringAgency ?? r.transferringAgency;
        r.version = info.version ?? r.version;
      }
      const twin =
        r.protocol === 'vitam' && !faithful
          ? [...vitamOps.values()].find(
              (o) =>
                o !== r && o.messageIdentifier === r.messageIdentifier && !o.duplicate && o.result?.accepted !== false,
            )
          : undefined;
      if (manifestSha512 && createHash('sha512').update(manifest).digest('hex') !== manifestSha512.toLowerCase()) {
        result = {
          accepted: false,
          code: 'KO',
          message: "L'empreinte du manifeste ne correspond pas à celle annoncée (X-Manifest-Digest-Value).",
          stage: 'content',
        };
      } else if (twin) {
        duplicatesRefused++;
        r.duplicate = true;
        result = {
          accepted: false,
          code: 'KO',
          message: `Un transfert portant l'identifiant « ${r.messageIdentifier} » a déjà été versé : il n'a pas été enregistré une seconde fois.`,
          stage: 'content',
        };
      }
    } catch (err) {
      result = {
        accepted: false,
        code: '101',
        // Never a server path or a library's message in a reply: the package error's own words only.
        message: `Message mal formé : ${err instanceof PackageError ? err.message : 'paquet illisible'}.`,
        stage: 'container',
      };
    }
    // Nothing refused is kept expanded on disk (a small archive may expand a lot).
    if (!result.accepted || r.dryRun) await rm(path.join(r.dir, 'files'), { recursive: true, force: true });
    r.processedAt = Date.now();
    const year = new Date().getFullYear();
    if (r.protocol === 'asalae') {
      const cote = result.accepted ? `AE_${year}_${++accCounter}` : undefined;
      r.cote = cote;
      const atr = await checks.run({
        kind: 'asalaeAtr',
        input: {
          version: r.version,
          transferIdentifier: r.messageIdentifier,
          replyIdentifier: `FRDEMO_ATR_${counter}`,
          ...(info.archivalAgreement ? { archivalAgreement: info.archivalAgreement } : {}),
          archivalAgency: DEMO_ARCHIVAL_AGENCY,
          transferringAgency: r.transferringAgency,
          replyCode: result.code,
          // as@lae echoes the bordereau's Comment; the reason is elsewhere (an Operation event).
          ...(faithful ? (info.comment ? { comment: info.comment } : {}) : { comment: result.message }),
          ...(result.accepted ? {} : { detail: result.message }),
          // Taken in charge on receipt; the reply is written once processing ends.
          grantDate: new Date(r.receivedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          date: new Date(Math.max(Date.now(), r.receivedAt + pendingMs)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          ...(cote ? { cote } : {}),
          bordereau,
          rootUnit: { id: info.unitIds[0] ?? 'ID_AU_1', title: info.firstTitle ?? r.messageIdentifier },
        },
      });
      r.atrXml = atr.xml;
    } else if (result.stage === 'container') {
      r.atrXml = vitamDefaultKoReply({
        operationId: r.operationId ?? vitamGuid(),
        archivalAgency: DEMO_ARCHIVAL_AGENCY,
        message: result.message,
      });
    } else {
      r.atrXml = vitamArchiveTransferReply({
        version: r.version,
        operationId: r.operationId ?? vitamGuid(),
        // A manifest Vitam could not understand leaves MessageRequestIdentifier empty.
        transferIdentifier: result.stage === 'manifest' ? '' : r.messageIdentifier,
        ...(info.archivalAgreement ? { archivalAgreement: info.archivalAgreement } : {}),
        archivalAgency: info.archivalAgency ?? DEMO_ARCHIVAL_AGENCY,
        transferringAgency: r.transferringAgency || 'Unknown',
        result,
        dryRun: r.dryRun === true,
        ...(info.comment ? { comment: info.comment } : {}),
        units: info.unitIds.map((id) => ({ id, systemId: vitamGuid() })),
      });
    }
    if (result.stage === 'manifest' && r.protocol === 'vitam') r.messageIdentifier = '';
    r.result = result;
    await writeFile(path.join(r.dir, 'atr.xml'), r.atrXml);
    if (r.ackXml) await writeFile(path.join(r.dir, 'ack.xml'), r.ackXml);
    await writeFile(
      path.join(r.dir, 'status.json'),
      JSON.stringify(
        { messageIdentifier: r.messageIdentifier, code: result.code, message: result.message, cote: r.cote },
        null,
        2,
      ),
    );
    r.done = true;
    await persist(r);
  }
  let accCounter = 0;

  /**
   * Reads a bordereau's identity; refuses an unreadable one (400) or one already received
   * (409: our choice — how as@lae answers a duplicate identifier is not documented publicly;
   * the client asks the archive whatever the answer).
   */
  async function newAsalaeTransfer(xml: string) {
    const refusal = bordereauOverLimits(xml);
    if (refusal) throw new HttpFail(400, { code: 400, message: `Bordereau refusé : ${refusal}` });
    const info = quickIdentity(xml);
    if (!info.messageIdentifier || !info.transferringAgency)
      throw new HttpFail(400, {
        code: 400,
        message: 'Bordereau illisible : MessageIdentifier ou TransferringAgency absent',
      });
    const k = key(info.transferringAgency, info.messageIdentifier);
    if (asalae.has(k)) {
      duplicatesRefused++;
      throw new HttpFail(409, { code: 409, message: `Le transfert ${info.messageIdentifier} a déjà été reçu` });
    }
    return {
      info: { ...info, messageIdentifier: info.messageIdentifier, transferringAgency: info.transferringAgency },
      k,
    };
  }

  /** Registers an as@lae transfer whose attachments are in `attachmentsFile`. */
  async function receiveAsalae(bordereau: Buffer, attachmentsFile: string): Promise<TransferRecord> {
    const xml = bordereau.toString('utf8');
    const { info, k } = await newAsalaeTransfer(xml);
    counter++;
    const r: TransferRecord = {
      protocol: 'asalae',
      messageIdentifier: info.messageIdentifier,
      transferringAgency: info.transferringAgency,
      version: info.version ?? '2.1',
      receivedAt: Date.now(),
      dir: transferDir('asalae', info.transferringAgency, info.messageIdentifier),
      done: false,
    };
    asalae.set(k, r);
    await mkdir(r.dir, { recursive: true });
    await writeFile(path.join(r.dir, 'bordereau.xml'), bordereau);
    const stored = path.join(r.dir, 'archive.tar.gz');
    await rename(attachmentsFile, stored);
    r.ackXml = demoAcknowledgement({
      version: r.version,
      ackIdentifier: `FRDEMO_ACK_${counter}`,
      receivedIdentifier: r.messageIdentifier,
      archivalAgency: DEMO_ARCHIVAL_AGENCY,
      transferringAgency: r.transferringAgency,
      comment: faithful ? info.comment : `Accusé de réception du transfert ${info.messageIdentifier}`,
    });
    track(process(r, xml, stored));
    return r;
  }

  function field(parts: StreamedPart[], name: string): StreamedPart | undefined {
    return parts.find((p) => p.name === name);
  }

  /** The request's parts, files streamed to disk: a large upload never sits in memory. */
  async function multipart(req: IncomingMessage): Promise<StreamedPart[] | undefined> {
    try {
      return await receiveMultipart(req as AsyncIterable<Buffer>, req.headers['content-type'], tmpDir, {
        maxBytes: maxBody,
        maxMemoryPart: BORDEREAU_LIMITS.maxBytes,
        fileParts: FILE_PARTS,
      });
    } catch (e) {
      if (e instanceof MultipartLimitError)
        throw new HttpFail(413, { code: 413, message: `Requête refusée : ${e.message}` });
      throw e;
    }
  }

  async function handleAsalae(req: IncomingMessage, res: ServerResponse, p: string): Promise<void> {
    const json = (status: number, body: unknown) => send(res, status, 'application/json', JSON.stringify(body));
    if (req.method === 'GET' && p === '/ping') return json(200, 'webservices as@lae accessibles');
    asalaeAuth(req);
    if (req.method === 'GET' && p === '/versions')
      return json(200, { application: 'as@lae', denomination: 'Archive de démonstration Sceau', version: 'V2.1.0' });
    if (req.method === 'POST' && p === '/sedaMessages') {
      const parts = await multipart(req);
      try {
        const seda = parts && field(parts, 'seda_message');
        if (!parts || !seda?.data)
          throw new HttpFail(400, { code: 400, message: 'Requête invalide : partie seda_message absente' });
        if (field(parts, 'send_chunked_attachments')?.data?.toString() === 'true') {
          const { k } = await newAsalaeTransfer(seda.data.toString('utf8'));
          // Same transfer opening again (lost answer): give the same session back.
          for (const [sid, s] of sessions)
            if (s.key === k) return json(200, { chunk_session_identifier: sid, chunk_security_identifier: s.security });
          const sid = randomUUID();
          const s: ChunkSession = {
            key: k,
            security: randomBytes(16).toString('hex'),
            bordereau: Buffer.from(seda.data),
            dir: path.join(tmpDir, `chunks-${sid}`),
            chunks: new Set(),
          };
          await mkdir(s.dir, { recursive: true });
          sessions.set(sid, s);
          return json(200, { chunk_session_identifier: sid, chunk_security_identifier: s.security });
        }
        const att = field(parts, 'attachments');
        if (!att?.file)
          throw new HttpFail(400, { code: 400, message: 'Requête invalide : partie attachments absente' });
        const r = await receiveAsalae(Buffer.from(seda.data), att.file);
        return json(200, { message: 'Transfert reçu', transfer_identifier: r.messageIdentifier });
      } finally {
        await discardParts(parts);
      }
    }
    if (req.method === 'POST' && p === '/sedaAttachmentsChunkFiles') {
      const parts = await multipart(req);
      try {
        if (!parts) throw new HttpFail(400, { code: 400, message: 'Requête invalide' });
        const val = (n: string) => field(parts, n)?.data?.toString('utf8') ?? '';
        const s = sessions.get(val('session_identifier'));
        if (!s || s.security !== val('security_identifier'))
          throw new HttpFail(400, { code: 400, message: "Session d'envoi inconnue ou expirée" });
        const index = Number(val('chunk_index'));
        const total = Number(val('number_of_chunks'));
        const content = field(parts, 'chunk_content');
        if (!Number.isInteger(index) || !Number.isInteger(total) || index < 1 || index > total || !content?.file)
          throw new HttpFail(400, { code: 400, message: 'Morceau invalide' });
        // « asalae ne prend pas les pièces de plus de 2Mo » (Pastell, as@lae-rest connector).
        if (content.size > maxChunk)
          throw new HttpFail(413, {
            code: 413,
            message: `Pièce trop volumineuse : ${content.size} octets (au plus ${maxChunk}).`,
          });
        largestChunk = Math.max(largestChunk, content.size);
        await rename(content.file, path.join(s.dir, `chunk-${index}`));
        s.chunks.add(index);
        chunksReceived++;
        if (s.chunks.size === total && [...Array(total).keys()].every((i) => s.chunks.has(i + 1))) {
          const assembled = path.join(tmpDir, `assembled-${randomUUID()}`);
          for (let i = 1; i <= total; i++) await appendFile(assembled, await readFile(path.join(s.dir, `chunk-${i}`)));
          for (const [sid, x] of sessions) if (x === s) sessions.delete(sid);
          await rm(s.dir, { recursive: true, force: true });
          await receiveAsalae(s.bordereau, assembled);
          return json(200, { message: 'Transfert reçu', chunk_index: index });
        }
        return json(200, { message: 'Morceau reçu', chunk_index: index });
      } finally {
        await discardParts(parts);
      }
    }
    const m =
      /^\/sedaMessages\/sequence:ArchiveTransfer\/message:(Acknowledgement|ArchiveTransferReply)\/originOrganizationIdentification:([^/]+)\/originMessageIdentifier:([^/]+)$/.exec(
        p,
      );
    if (req.method === 'GET' && m) {
      const r = asalae.get(key(decodeURIComponent(m[2] ?? ''), decodeURIComponent(m[3] ?? '')));
      // As as@lae 1.6 does: an unknown transfer is an HTTP 500 with this text, not a 404.
      if (!r)
        return send(
          res,
          500,
          'text/plain; charset=utf-8',
          `Transfert d'archive à l'origine de la séquence non trouvé : ${decodeURIComponent(m[3] ?? '')}`,
        );
      const age = Date.now() - r.receivedAt;
      const wantAck = m[1] === 'Acknowledgement';
      const ready = wantAck ? age >= pendingMs / 2 && r.ackXml : age >= pendingMs && r.done && r.atrXml;
      if (!ready) return send(res, 500, 'text/plain; charset=utf-8', 'Transfert en cours de traitement');
      return send(res, 200, 'application/xml', (wantAck ? r.ackXml : r.atrXml) ?? '');
    }
    throw new HttpFail(404, { code: 404, message: 'Ressource inconnue' });
  }

  function vitamHeaders(state: string, status: string, extra: Record<string, string> = {}): Record<string, string> {
    return { 'X-Global-Execution-State': state, 'X-Global-Execution-Status': status, ...extra };
  }

  function checkTenant(req: IncomingMessage): void {
    const t = req.headers['x-tenant-id'];
    if (t === undefined)
      throw new HttpFail(412, { httpCode: 412, code: 'TENANT_MISSING', message: 'X-Tenant-Id absent' });
    if (String(t) !== String(DEMO_VITAM_TENANT))
      throw new HttpFail(401, {
        httpCode: 401,
        code: 'UNAUTHORIZED',
        message: `Tenant ${String(t)} non autorisé pour ce contexte`,
      });
  }

  /** Faithful Vitam: the workflow starts a moment after the 202 (the header check fills obIdIn). */
  function scheduleProcessing(r: TransferRecord, digest?: string, delay = headerCheckMs): void {
    const t = setTimeout(() => {
      timers.delete(t);
      track(process(r, '', path.join(r.dir, 'sip'), digest));
    }, delay);
    timers.add(t);
  }
  for (const r of unprocessed)
    scheduleProcessing(r, (r as TransferRecord & { manifestDigest?: string }).manifestDigest, 0);

  async function handleVitam(req: IncomingMessage, res: ServerResponse, p: string): Promise<void> {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      send(res, status, 'application/json', JSON.stringify(body), headers);
    if (req.method === 'OPTIONS' && /^\/ingest-external\/v1\/?$/.test(p))
      return json(200, {
        httpCode: 200,
        $results: [
          { resource: '/ingests', methods: ['POST'] },
          { resource: '/ingests/{id}/{type}', methods: ['GET'] },
        ],
      });
    checkTenant(req);
    if (req.method === 'POST' && p === '/ingest-external/v1/ingests') {
      const action = req.headers['x-action'];
      if (action !== 'RESUME' && action !== 'NEXT')
        throw new HttpFail(400, {
          httpCode: 400,
          code: 'BAD_REQUEST',
          message: 'X-Action invalide',
          state: 'COMPLETED',
          status: 'FATAL',
        });
      const context = String(req.headers['x-context-id'] ?? 'DEFAULT_WORKFLOW');
      if (context !== 'DEFAULT_WORKFLOW' && context !== 'BLANK_TEST')
        throw new HttpFail(400, {
          httpCode: 400,
          code: 'BAD_REQUEST',
          message: `X-Context-Id inconnu : ${context}`,
          state: 'COMPLETED',
          status: 'FATAL',
        });
      const opId = vitamGuid();
      const r: TransferRecord = {
        protocol: 'vitam',
        messageIdentifier: '',
        transferringAgency: '',
        version: '2.1',
        receivedAt: Date.now(),
        dir: transferDir('vitam', 'op', opId),
        operationId: opId,
        done: false,
        ...(context === 'BLANK_TEST' ? { dryRun: true } : {}),
      };
      await mkdir(r.dir, { recursive: true });
      const sip = path.join(r.dir, 'sip');
      let n = 0;
      await pipeline(
        req,
        async function* (src: AsyncIterable<Buffer>) {
          for await (const c of src) {
            n += c.length;
            if (n > maxBody) throw new HttpFail(413, { httpCode: 413, message: 'SIP trop volumineux' });
            yield c;
          }
        },
        createWriteStream(sip),
      );
      const algo = req.headers['x-manifest-digest-algo'];
      const value = req.headers['x-manifest-digest-value'];
      if ((algo === undefined) !== (value === undefined))
        throw new HttpFail(400, {
          httpCode: 400,
          code: 'BAD_REQUEST',
          message: 'X-Manifest-Digest-Algo et X-Manifest-Digest-Value vont ensemble',
          state: 'COMPLETED',
          status: 'FATAL',
        });
      counter++;
      vitamOps.set(opId, r);
      const digest = algo === 'SHA-512' && typeof value === 'string' ? value : undefined;
      if (faithful) {
        // Vitam answers once the SIP is on disk; the workflow (and the header check that
        // writes our MessageIdentifier into the logbook's obIdIn) runs later.
        await persist({ ...r, ...(digest ? { manifestDigest: digest } : {}) } as TransferRecord);
        scheduleProcessing(r, digest);
      } else {
        // Friendly mode: processed before answering so the logbook knows it at once.
        const work = process(r, '', sip, digest);
        track(work);
        await work;
        r.receivedAt = Date.now();
      }
      return json(
        202,
        { httpCode: 202, message: 'Opération créée' },
        vitamHeaders('PAUSE', 'UNKNOWN', { 'X-Request-Id': opId }),
      );
    }
    const op = /^\/admin-external\/v1\/operations\/([^/]+)$/.exec(p);
    if (req.method === 'HEAD' && op) {
      const id = decodeURIComponent(op[1] ?? '');
      if (!/^[a-z0-9]{36}$/.test(id)) return send(res, 412, 'application/json', '');
      const r = vitamOps.get(id);
      if (!r) return send(res, 204, 'application/json', '');
      const now = Date.now();
      const age = now - r.receivedAt;
      const completedAt = r.done ? Math.max(r.processedAt ?? 0, r.receivedAt + pendingMs) : Infinity;
      // Completed workflows leave the process list after the clean period (ProcessWorkFlowsCleaner).
      if (faithful && now >= completedAt + cleanPeriodMs) return send(res, 204, 'application/json', '');
      if (!r.done && age < headerCheckMs)
        return send(res, 202, 'application/json', '', vitamHeaders('PAUSE', 'UNKNOWN', { 'X-Request-Id': id }));
      if (now < completedAt)
        return send(res, 202, 'application/json', '', vitamHeaders('RUNNING', 'STARTED', { 'X-Request-Id': id }));
      return send(
        res,
        200,
        'application/json',
        '',
        vitamHeaders('COMPLETED', r.result?.accepted ? 'OK' : 'KO', { 'X-Request-Id': id }),
      );
    }
    const atr = /^\/ingest-external\/v1\/ingests\/([^/]+)\/archivetransferreply$/.exec(p);
    if (req.method === 'GET' && atr) {
      const r = vitamOps.get(decodeURIComponent(atr[1] ?? ''));
      // Served for good, even once the operation has left the process list.
      if (!r || !r.done || !r.atrXml || Date.now() - r.receivedAt < pendingMs)
        return json(404, { httpCode: 404, code: 'NOT_FOUND', message: 'Rapport de transfert indisponible' });
      return send(res, 200, 'application/octet-stream', r.atrXml);
    }
    if (req.method === 'GET' && p === '/access-external/v1/logbookoperations') {
      // AccessContractIdContainerFilter: no (or an unknown) access contract ⇒ 401.
      const contract = req.headers['x-access-contract-id'];
      if (faithful && contract !== DEMO_VITAM_ACCESS_CONTRACT)
        throw new HttpFail(401, {
          httpCode: 401,
          code: 'UNAUTHORIZED',
          message: contract ? `Contrat d’accès inconnu : ${String(contract)}` : 'X-Access-Contract-Id absent',
        });
      if (options.vitamLogbookPermission === false)
        throw new HttpFail(403, {
          httpCode: 403,
          code: 'FORBIDDEN',
          message: 'Permission logbookoperations:read absente du contexte',
        });
      let dsl: unknown;
      try {
        dsl = JSON.parse((await readBody(req)).toString('utf8') || '{}');
      } catch {
        throw new HttpFail(400, { httpCode: 400, code: 'BAD_REQUEST', message: 'Requête DSL invalide' });
      }
      const want = (dsl as { $query?: { $eq?: { obIdIn?: unknown } } }).$query?.$eq?.obIdIn;
      // obIdIn is the operation id until the header check writes the manifest's MessageIdentifier.
      const obIdIn = (r: TransferRecord) =>
        r.processedAt !== undefined || r.done ? r.messageIdentifier : r.operationId;
      const results = [...vitamOps.values()]
        .filter((r) => typeof want === 'string' && want !== '' && obIdIn(r) === want)
        .map((r) => ({
          evId: r.operationId,
          evType: r.dryRun ? 'PROCESS_SIP_UNITARY_TEST' : 'PROCESS_SIP_UNITARY',
          evTypeProc: r.dryRun ? 'INGEST_TEST' : 'INGEST',
          obIdIn: obIdIn(r),
          evDateTime: new Date(r.receivedAt || Date.now()).toISOString(),
        }));
      return json(200, {
        httpCode: 200,
        $hits: { total: results.length, offset: 0, limit: 100, size: results.length },
        $results: results,
        $context: dsl,
      });
    }
    throw new HttpFail(404, { httpCode: 404, code: 'NOT_FOUND', message: 'Ressource inconnue' });
  }

  function send(
    res: ServerResponse,
    status: number,
    type: string,
    body: string,
    headers: Record<string, string> = {},
  ): void {
    const buf = Buffer.from(body, 'utf8');
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(buf.length), ...headers });
    res.end(buf);
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const p = (req.url ?? '/').split('?')[0] ?? '/';
    void (async () => {
      try {
        if (p === ASALAE_PREFIX || p.startsWith(`${ASALAE_PREFIX}/`))
          await handleAsalae(req, res, p.slice(ASALAE_PREFIX.length) || '/');
        else await handleVitam(req, res, p);
      } catch (err) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        // Drain what the client still sends so it reads our answer instead of a reset.
        req.resume();
        if (err instanceof HttpFail)
          send(
            res,
            err.status,
            'application/json',
            JSON.stringify(err.body),
            err.status === 401 ? { 'WWW-Authenticate': 'Basic realm="as@lae"' } : {},
          );
        else
          send(
            res,
            500,
            'application/json',
            // Never the exception's text: it may name files of this server (absolute paths).
            JSON.stringify({ code: 500, message: 'Erreur interne de l’archive' }),
          );
      }
    })();
  };

  const server = options.tls
    ? https.createServer(
        {
          key: options.tls.key,
          cert: options.tls.cert,
          ...(options.requireClientCert
            ? { requestCert: true, rejectUnauthorized: true, ca: options.requireClientCert.ca }
            : {}),
        },
        handler,
      )
    : http.createServer(handler);
  server.keepAliveTimeout = 1000;
  // An empty `Expect:` (what Pastell sends) must not get Node's default 417.
  server.on('checkExpectation', handler);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${port}`;

  const records = () => [...asalae.values(), ...vitamOps.values()].filter((r) => r.done && r.result && !r.dryRun);
  return {
    url,
    asalaeUrl: `${url}${ASALAE_PREFIX}`,
    vitamUrl: url,
    stats: () => ({
      accepted: records()
        .filter((r) => r.result?.accepted)
        .map((r) => r.messageIdentifier),
      rejected: records()
        .filter((r) => !r.result?.accepted)
        .map((r) => r.messageIdentifier),
      duplicatesRefused,
      duplicatesArchived: (() => {
        const ids = records()
          .filter((r) => r.result?.accepted)
          .map((r) => `${r.protocol}\u0000${r.messageIdentifier}`);
        return ids.length - new Set(ids).size;
      })(),
      dryRuns: [...vitamOps.values()].filter((r) => r.dryRun && r.done).length,
      chunksReceived,
      largestChunk,
    }),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.allSettled([...processing]);
      await checks.close();
    },
  };
}

/** Vitam-looking operation id (36 lowercase base32 characters). */
function vitamGuid(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const b = randomBytes(36);
  return `aeeaaaaaa${[...b.subarray(0, 27)].map((x) => alphabet[x % 32]).join('')}`;
}
