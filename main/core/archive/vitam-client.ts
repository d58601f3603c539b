// Vitam ingest-external connector (mTLS) — see PROTOCOLS.md §2.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  ArchiveError,
  type AckResult,
  type ArchiveConnector,
  type ConnectionCheck,
  type PreparedTransfer,
  type ReplyOutcome,
  type SendOptions,
  type SendResult,
  type TransferRef,
} from './connector';
import { parseArchiveTransferReply } from '../seda/replies';
import { anotherTransfer, GARBAGE, parseJsonAnswer, readReply, requireXml, statusError } from './answers';
import { header, mediaType } from '../net/content';
import { HttpClient, type HttpClientOptions, type HttpResponse } from '../net/http-client';
import { toNetError as toArchiveError } from '../net/messages';
import { fileBody } from './upload-body';
import { contractRefused, NO_CONTRACT, NO_LOGBOOK_PERMISSION, rootSystemId, vitamReasons } from './vitam-replies';

export interface VitamClientOptions {
  /** e.g. https://vitam.example.fr:8443 (the /ingest-external/v1 paths are appended). */
  baseUrl: string;
  tenant: number;
  /** X-Context-Id: DEFAULT_WORKFLOW (default) or BLANK_TEST (dry run). */
  contextId?: string;
  /**
   * « Tester le versement »: sends with BLANK_TEST and reads « Test OK » as a success. Without
   * it a « Test OK » never counts as archived (a profile left in BLANK_TEST by mistake).
   */
  dryRun?: boolean;
  /** X-Access-Contract-Id for the logbook search used by lookup() (Vitam answers 401 without). */
  accessContractId?: string;
  /**
   * How long after the SIP left a lookup may still miss it: Vitam answers 202 once the SIP is
   * on disk and writes our MessageIdentifier (obIdIn) into its logbook only at the header
   * check, when the workflow runs. Inside this window "not found" means "ask again later".
   * Default 15 minutes.
   */
  lookupGraceMs?: number;
  /** TLS: pfx + passphrase (client certificate), custom CA, pins; proxy; timeouts. */
  http?: HttpClientOptions | HttpClient;
  /** Send X-Manifest-Digest-Algo/Value (SHA-512, hex) of the bordereau. UNCONFIRMED encoding: off by default. */
  sendManifestDigest?: boolean;
}

const AUTH_MESSAGE =
  'La plateforme Vitam a refusé ce certificat client ou ce contexte. Vérifiez que le certificat (PKCS#12) et le tenant sont ceux enregistrés auprès du service d’archives.';

export const VITAM_DEFAULT_LOOKUP_GRACE_MS = 15 * 60_000;

/** A well-formed operation id no operation has: a secured HEAD on it tests certificate and tenant. */
const PROBE_OPERATION = `aeeaaaaaaa${'a'.repeat(26)}`;

export class VitamClient implements ArchiveConnector {
  readonly kind = 'vitam' as const;
  private readonly base: string;
  private readonly http: HttpClient;

  constructor(private readonly options: VitamClientOptions) {
    this.base = options.baseUrl.trim().replace(/\/+$/, '');
    this.http = options.http instanceof HttpClient ? options.http : new HttpClient(options.http);
  }

  private tenantHeaders(extra: Record<string, string> = {}): Record<string, string> {
    return { 'X-Tenant-Id': String(this.options.tenant), ...extra };
  }

  async ping(signal?: AbortSignal): Promise<boolean> {
    try {
      await this.http.request({
        method: 'OPTIONS',
        url: `${this.base}/ingest-external/v1/`,
        headers: this.tenantHeaders(),
        signal,
      });
      return true;
    } catch (err) {
      // A certificate problem is not "unreachable": the user must be told which problem it is.
      const e = toArchiveError(err);
      if (e.code === 'tls') throw e;
      return false;
    }
  }

  async check(signal?: AbortSignal): Promise<ConnectionCheck> {
    let res: HttpResponse;
    try {
      res = await this.http.request({
        method: 'OPTIONS',
        url: `${this.base}/ingest-external/v1/`,
        headers: this.tenantHeaders({ Accept: 'application/json' }),
        signal,
      });
    } catch (err) {
      const e = toArchiveError(err);
      // A TLS alert about the client certificate means the server was reached.
      return {
        reachable: e.code === 'tls' && /certificat client|PKCS#12/.test(e.message),
        authenticated: false,
        message: e.message,
      };
    }
    if (res.status === 401 || res.status === 403)
      return { reachable: true, authenticated: false, message: AUTH_MESSAGE };
    if (res.status !== 200 && res.status !== 204)
      return {
        reachable: true,
        authenticated: false,
        message: `Le serveur répond, mais le service d’entrée Vitam n’est pas accessible à cette adresse (HTTP ${res.status}).`,
      };
    if (res.status === 200 && res.body.length > 0) {
      try {
        parseJsonAnswer(res);
      } catch {
        return { reachable: true, authenticated: false, message: GARBAGE };
      }
    }
    // OPTIONS is not secured on Vitam: it proves the server is there, not that this certificate
    // and tenant are accepted. A secured call (state of an operation that does not exist) does.
    let probe: HttpResponse;
    try {
      probe = await this.http.request({
        method: 'HEAD',
        url: `${this.base}/admin-external/v1/operations/${PROBE_OPERATION}`,
        headers: this.tenantHeaders(),
        signal,
      });
    } catch (err) {
      return { reachable: true, authenticated: false, message: toArchiveError(err).message };
    }
    if (probe.status === 401 || probe.status === 403)
      return { reachable: true, authenticated: false, message: AUTH_MESSAGE };
    if (![200, 202, 204, 404].includes(probe.status))
      return {
        reachable: true,
        authenticated: false,
        message: `Le service d’entrée Vitam répond, mais la vérification du certificat a échoué (HTTP ${probe.status}).`,
      };
    return { reachable: true, authenticated: true, serverVersion: 'Vitam', message: 'Connexion réussie (Vitam).' };
  }

  async send(transfer: PreparedTransfer, options: SendOptions = {}): Promise<SendResult> {
    if (!transfer.sipPath)
      throw new ArchiveError('refused', 'Le paquet à verser est incomplet (fichier SIP absent).', false);
    let sent = 0;
    let bodyLeft = false;
    // From the last byte on, Vitam may hold the SIP: remembered so a later lookup waits for its logbook.
    const markBodySent = () => {
      bodyLeft = true;
      options.onResumeState?.({ ...options.resume, bodySentAt: new Date().toISOString() });
    };
    const body = fileBody(
      { path: transfer.sipPath, end: transfer.totalBytes },
      {
        throttle: options.throttle,
        signal: options.signal,
        onBytes: (n) => {
          sent += n;
          options.onProgress?.(sent, transfer.totalBytes);
          if (sent >= transfer.totalBytes && !bodyLeft) markBodySent();
        },
      },
    );
    const headers = this.tenantHeaders({
      'X-Context-Id': this.options.dryRun ? 'BLANK_TEST' : (this.options.contextId ?? 'DEFAULT_WORKFLOW'),
      'X-Action': 'RESUME',
      'Content-Type': 'application/octet-stream',
      Accept: 'application/json',
    });
    if (this.options.sendManifestDigest) {
      headers['X-Manifest-Digest-Algo'] = 'SHA-512';
      headers['X-Manifest-Digest-Value'] = await sha512File(transfer.bordereauPath);
    }
    let res: HttpResponse;
    try {
      res = await this.http.request({
        method: 'POST',
        url: `${this.base}/ingest-external/v1/ingests`,
        headers,
        body,
        signal: options.signal,
      });
    } catch (err) {
      // The answer is lost: the time to wait for the logbook counts from now at the latest.
      if (bodyLeft || toArchiveError(err).outcomeUnknown) markBodySent();
      throw err;
    }
    if (res.status !== 202 && res.status !== 200)
      throw statusError(res, 'l’envoi du paquet', AUTH_MESSAGE, res.status >= 500);
    const operationId = header(res, 'x-request-id');
    if (!operationId) throw new ArchiveError('protocol', GARBAGE, true, true, res.status);
    return { operationId };
  }

  private async operationId(ref: TransferRef, signal?: AbortSignal): Promise<string | undefined> {
    if (ref.operationId) return ref.operationId;
    return (await this.lookup(ref, signal)).operationId;
  }

  /** HEAD on the operation: 'running' (202), 'completed' (200) or 'unknown' (204/404). */
  private async operationState(id: string, signal?: AbortSignal): Promise<'running' | 'completed' | 'unknown'> {
    const res = await this.http.request({
      method: 'HEAD',
      url: `${this.base}/admin-external/v1/operations/${encodeURIComponent(id)}`,
      headers: this.tenantHeaders(),
      signal,
    });
    if (res.status === 202) return 'running';
    if (res.status === 200) return 'completed';
    if (res.status === 204 || res.status === 404) return 'unknown';
    throw statusError(res, 'la lecture de l’état de l’opération', AUTH_MESSAGE);
  }

  /** Vitam sends no Acknowledgement: "received" once the operation exists (or its reply does). */
  async acknowledgement(ref: TransferRef, signal?: AbortSignal): Promise<AckResult> {
    const id = await this.operationId(ref, signal);
    if (!id) return { state: 'pending' };
    if ((await this.operationState(id, signal)) !== 'unknown') return { state: 'received', xml: '' };
    // 204 also means "completed and purged from the process list": its reply then still exists.
    const res = await this.fetchReply(id, signal);
    return res.status === 200 ? { state: 'received', xml: '' } : { state: 'pending' };
  }

  private fetchReply(id: string, signal?: AbortSignal): Promise<HttpResponse> {
    return this.http.request({
      method: 'GET',
      url: `${this.base}/ingest-external/v1/ingests/${encodeURIComponent(id)}/archivetransferreply`,
      headers: this.tenantHeaders({ Accept: 'application/octet-stream' }),
      signal,
    });
  }

  async reply(ref: TransferRef, signal?: AbortSignal): Promise<ReplyOutcome> {
    const id = await this.operationId(ref, signal);
    if (!id) return { state: 'pending' };
    // 204: the operation left the process list (purged after Vitam's clean period, 1 h by
    // default) — its reply is still served: ask for it directly.
    if ((await this.operationState(id, signal)) === 'running') return { state: 'pending' };
    const res = await this.fetchReply(id, signal);
    if (res.status === 404) return { state: 'pending' };
    if (res.status !== 200) throw statusError(res, 'la lecture de la réponse au transfert', AUTH_MESSAGE);
    // Vitam answers application/octet-stream (or xml): both are fine, HTML/JSON are not.
    const t = mediaType(res);
    const xml = t === 'application/octet-stream' ? res.body.toString('utf8') : requireXml(res);
    const atr = readReply(parseArchiveTransferReply, xml);
    // Vitam keeps the standard meaning: MessageRequestIdentifier is our transfer. When it could
    // not read our manifest it leaves it empty (or « Unknown »): the reply is still ours, since
    // it was fetched by the operation id Vitam gave for our upload.
    const mri = atr.messageRequestIdentifier;
    const unread = mri === '' || mri === 'Unknown';
    if (!unread && mri !== ref.messageIdentifier) throw anotherTransfer(ref.messageIdentifier, mri);
    const raw = atr.replyCode.trim();
    const dryRun = /^test\s/i.test(raw);
    const code = raw.replace(/^test\s+/i, '').toUpperCase();
    const reasons = vitamReasons(atr);
    if (dryRun) {
      const ok = code === 'OK' || code === 'WARNING';
      const testComment = ok
        ? `Test à blanc réussi (${raw}) : Vitam accepterait ce versement. Rien n’a été archivé.`
        : `Test à blanc en échec (${raw}) : Vitam refuserait ce versement. ${reasons.join(' — ') || 'Aucun motif détaillé.'} Rien n’a été archivé.`;
      // A dry run never counts as archived, even if a profile were left in BLANK_TEST.
      return {
        state: ok && this.isDryRun() ? 'accepted' : 'rejected',
        replyCode: raw,
        comment: testComment,
        xml,
        date: atr.date,
        dryRun: true,
      };
    }
    const state = code === 'OK' ? 'accepted' : code === 'WARNING' ? 'accepted_with_warnings' : 'rejected';
    const comment =
      state === 'rejected'
        ? `Vitam a refusé le versement (${code}) : ${reasons.join(' — ') || 'aucun motif détaillé dans la réponse.'}`
        : state === 'accepted_with_warnings'
          ? `Versé avec avertissements : ${reasons.join(' — ') || 'voir la réponse de Vitam.'}`
          : 'Transfert accepté par Vitam.';
    const reference = rootSystemId(atr);
    return {
      state,
      replyCode: atr.replyCode,
      comment,
      ...(reference ? { archiveReference: reference } : {}),
      xml,
      date: atr.date,
    };
  }

  private isDryRun(): boolean {
    return this.options.dryRun === true;
  }

  /** Logbook search by obIdIn = our MessageIdentifier, when the upload's answer was lost. */
  async lookup(ref: TransferRef, signal?: AbortSignal): Promise<{ received: boolean; operationId?: string }> {
    const contract = this.options.accessContractId?.trim();
    if (!contract) throw new ArchiveError('auth', NO_CONTRACT, false);
    const headers = this.tenantHeaders({
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'X-Access-Contract-Id': contract,
    });
    const dsl = {
      $query: { $eq: { obIdIn: ref.messageIdentifier } },
      $filter: { $orderby: { evDateTime: -1 } },
      $projection: {},
    };
    const res = await this.http.request({
      method: 'GET',
      url: `${this.base}/access-external/v1/logbookoperations`,
      headers,
      body: JSON.stringify(dsl),
      signal,
    });
    // Not the certificate: it passed. The contract or the context's permissions are at fault.
    if (res.status === 401) throw new ArchiveError('auth', contractRefused(contract), false, false, 401);
    if (res.status === 403) throw new ArchiveError('auth', NO_LOGBOOK_PERMISSION, false, false, 403);
    let found: string | undefined;
    if (res.status !== 404) {
      if (res.status !== 200) throw statusError(res, 'la recherche du transfert dans le journal Vitam', AUTH_MESSAGE);
      const j = parseJsonAnswer(res) as { $results?: unknown } | null;
      const results = j && typeof j === 'object' && Array.isArray(j.$results) ? (j.$results as unknown[]) : undefined;
      if (!results) throw new ArchiveError('protocol', GARBAGE, true, false, 200);
      // A dry run (INGEST_TEST) with the same identifier archived nothing: it does not count.
      found = results
        .map((r) => (r && typeof r === 'object' ? (r as Record<string, unknown>) : {}))
        .find(
          (r) =>
            typeof r.evId === 'string' &&
            (r.evTypeProc === undefined || r.evTypeProc === 'INGEST') &&
            (r.obIdIn === undefined || r.obIdIn === ref.messageIdentifier),
        )?.evId as string | undefined;
    }
    if (found) return { received: true, operationId: found };
    const left = ref.bodySentAt ? Date.parse(ref.bodySentAt) : NaN;
    const grace = this.options.lookupGraceMs ?? VITAM_DEFAULT_LOOKUP_GRACE_MS;
    const wait = Number.isFinite(left) ? left + grace - Date.now() : 0;
    if (wait > 0)
      // Not found yet proves nothing: Vitam writes our identifier into its logbook only when it
      // starts processing, and it never refuses a second copy. Ask again after the grace period.
      throw new ArchiveError(
        'server',
        `Vitam n’a pas encore inscrit ce versement dans son journal (il le fait au début du traitement). Pour ne pas l’archiver deux fois, rien n’est renvoyé avant une nouvelle vérification, dans ${Math.ceil(wait / 60_000)} min au plus.`,
        true,
        true,
      );
    return { received: false };
  }
}

function sha512File(p: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha512');
    createReadStream(p)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
