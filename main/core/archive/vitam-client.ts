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

export interface VitamClientOptions {
  /** e.g. https://vitam.example.fr:8443 (the /ingest-external/v1 paths are appended). */
  baseUrl: string;
  tenant: number;
  /** X-Context-Id: DEFAULT_WORKFLOW (default) or BLANK_TEST (dry run). */
  contextId?: string;
  /** X-Access-Contract-Id for the logbook search used by lookup(). */
  accessContractId?: string;
  /** TLS: pfx + passphrase (client certificate), custom CA, pins; proxy; timeouts. */
  http?: HttpClientOptions | HttpClient;
  /** Send X-Manifest-Digest-Algo/Value (SHA-512, hex) of the bordereau. UNCONFIRMED encoding: off by default. */
  sendManifestDigest?: boolean;
}

const AUTH_MESSAGE =
  'La plateforme Vitam a refusé ce certificat client ou ce contexte. Vérifiez que le certificat (PKCS#12) et le tenant sont ceux enregistrés auprès du service d’archives.';

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
    return { reachable: true, authenticated: true, serverVersion: 'Vitam', message: 'Connexion réussie (Vitam).' };
  }

  async send(transfer: PreparedTransfer, options: SendOptions = {}): Promise<SendResult> {
    if (!transfer.sipPath)
      throw new ArchiveError('refused', 'Le paquet à verser est incomplet (fichier SIP absent).', false);
    let sent = 0;
    const body = fileBody(
      { path: transfer.sipPath, end: transfer.totalBytes },
      {
        throttle: options.throttle,
        signal: options.signal,
        onBytes: (n) => {
          sent += n;
          options.onProgress?.(sent, transfer.totalBytes);
        },
      },
    );
    const headers = this.tenantHeaders({
      'X-Context-Id': this.options.contextId ?? 'DEFAULT_WORKFLOW',
      'X-Action': 'RESUME',
      'Content-Type': 'application/octet-stream',
      Accept: 'application/json',
    });
    if (this.options.sendManifestDigest) {
      headers['X-Manifest-Digest-Algo'] = 'SHA-512';
      headers['X-Manifest-Digest-Value'] = await sha512File(transfer.bordereauPath);
    }
    const res = await this.http.request({
      method: 'POST',
      url: `${this.base}/ingest-external/v1/ingests`,
      headers,
      body,
      signal: options.signal,
    });
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

  /** Vitam sends no Acknowledgement: "received" once the operation exists. */
  async acknowledgement(ref: TransferRef, signal?: AbortSignal): Promise<AckResult> {
    const id = await this.operationId(ref, signal);
    if (!id) return { state: 'pending' };
    const state = await this.operationState(id, signal);
    return state === 'unknown' ? { state: 'pending' } : { state: 'received', xml: '' };
  }

  async reply(ref: TransferRef, signal?: AbortSignal): Promise<ReplyOutcome> {
    const id = await this.operationId(ref, signal);
    if (!id) return { state: 'pending' };
    if ((await this.operationState(id, signal)) !== 'completed') return { state: 'pending' };
    const res = await this.http.request({
      method: 'GET',
      url: `${this.base}/ingest-external/v1/ingests/${encodeURIComponent(id)}/archivetransferreply`,
      headers: this.tenantHeaders({ Accept: 'application/octet-stream' }),
      signal,
    });
    if (res.status === 404) return { state: 'pending' };
    if (res.status !== 200) throw statusError(res, 'la lecture de la réponse au transfert', AUTH_MESSAGE);
    // Vitam answers application/octet-stream (or xml): both are fine, HTML/JSON are not.
    const t = mediaType(res);
    const xml = t === 'application/octet-stream' ? res.body.toString('utf8') : requireXml(res);
    const atr = readReply(parseArchiveTransferReply, xml);
    // Vitam keeps the standard meaning: MessageRequestIdentifier is our transfer.
    if (atr.messageRequestIdentifier !== ref.messageIdentifier)
      throw anotherTransfer(ref.messageIdentifier, atr.messageRequestIdentifier);
    const code = atr.replyCode.toUpperCase();
    const state = code === 'OK' ? 'accepted' : code === 'WARNING' ? 'accepted_with_warnings' : 'rejected';
    const details = atr.outcomeDetailMessages ?? [];
    const comment =
      (state === 'rejected' ? details.at(-1) : details.join('\n')) ||
      atr.comment ||
      (state === 'rejected' ? `Transfert refusé par Vitam (${code}).` : 'Transfert accepté par Vitam.');
    return {
      state,
      replyCode: atr.replyCode,
      comment,
      ...(atr.systemIds?.[0] ? { archiveReference: atr.systemIds[0] } : {}),
      xml,
      date: atr.date,
    };
  }

  /** Logbook search by obIdIn = our MessageIdentifier, when the upload's answer was lost. */
  async lookup(ref: TransferRef, signal?: AbortSignal): Promise<{ received: boolean; operationId?: string }> {
    const headers = this.tenantHeaders({ 'Content-Type': 'application/json', Accept: 'application/json' });
    if (this.options.accessContractId) headers['X-Access-Contract-Id'] = this.options.accessContractId;
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
    if (res.status === 404) return { received: false };
    if (res.status !== 200) throw statusError(res, 'la recherche du transfert dans le journal Vitam', AUTH_MESSAGE);
    const j = parseJsonAnswer(res) as { $results?: unknown } | null;
    const results = j && typeof j === 'object' && Array.isArray(j.$results) ? (j.$results as unknown[]) : undefined;
    if (!results) throw new ArchiveError('protocol', GARBAGE, true, false, 200);
    const first = results.find(
      (r): r is { evId: string } => !!r && typeof r === 'object' && typeof (r as { evId?: unknown }).evId === 'string',
    );
    return first ? { received: true, operationId: first.evId } : { received: false };
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
