// as@lae REST connector (Libriciel), as Pastell drives it — see PROTOCOLS.md §1.
import { stat } from 'node:fs/promises';
import {
  ArchiveError,
  type AckResult,
  type ArchiveConnector,
  type ConnectionCheck,
  type PreparedTransfer,
  type ReplyOutcome,
  type ResumeState,
  type SendOptions,
  type SendResult,
  type TransferRef,
} from './connector';
import { parseAcknowledgement, parseArchiveTransferReply } from '../seda/replies';
import { isAcceptedReplyCode } from '../seda/reply-codes';
import { anotherTransfer, GARBAGE, parseJsonAnswer, readReply, requireXml, statusError } from './answers';
import { HttpClient, type HttpClientOptions, type HttpResponse } from '../net/http-client';
import { toNetError as toArchiveError } from '../net/messages';
import { multipartBody, type BodyHooks } from './upload-body';
import {
  asalaeBaseUrl,
  asalaeMessageUrl,
  asalaePasswordHash,
  asalaeReplyText,
  isRefusalOrOverload,
  isUnknownTransferAnswer,
} from './asalae-protocol';

export {
  asalaeBaseUrl,
  asalaeMessageUrl,
  asalaePasswordHash,
  asalaeReplyText,
  isUnknownTransferAnswer,
} from './asalae-protocol';

export interface AsalaeClientOptions {
  /** e.g. https://sae.example.fr/restservices ("/restservices" appended when missing). */
  baseUrl: string;
  login: string;
  /** Clear password, from the OS keychain; only its SHA-256 leaves this process. */
  password: string;
  http?: HttpClientOptions | HttpClient;
  /** Archives larger than this go in chunks. Default: the chunk size (one setting, as in Pastell). */
  chunkThresholdBytes?: number;
  /** Size of each piece. Default 2,097,152: as@lae refuses pieces over 2 MB (Pastell's note). */
  chunkSizeBytes?: number;
}

/** Pastell's `chunk_size_in_bytes` default: « asalae ne prend pas les pièces de plus de 2Mo ». */
export const ASALAE_DEFAULT_CHUNK_SIZE = 2_097_152;
export const ASALAE_DEFAULT_CHUNK_THRESHOLD = ASALAE_DEFAULT_CHUNK_SIZE;

const AUTH_MESSAGE =
  'L’archive as@lae a refusé l’identifiant ou le mot de passe. Vérifiez-les dans les réglages du compte.';

export class AsalaeClient implements ArchiveConnector {
  readonly kind = 'asalae' as const;
  private readonly base: string;
  private readonly http: HttpClient;
  private readonly authorization: string;
  private readonly chunkThreshold: number;
  private readonly chunkSize: number;

  constructor(options: AsalaeClientOptions) {
    this.base = asalaeBaseUrl(options.baseUrl);
    this.http = options.http instanceof HttpClient ? options.http : new HttpClient(options.http);
    this.authorization = `Basic ${Buffer.from(`${options.login}:${asalaePasswordHash(options.password)}`).toString('base64')}`;
    this.chunkSize = Math.max(1, options.chunkSizeBytes ?? ASALAE_DEFAULT_CHUNK_SIZE);
    this.chunkThreshold = options.chunkThresholdBytes ?? this.chunkSize;
  }

  private headers(accept: 'json' | 'xml', extra: Record<string, string> = {}): Record<string, string> {
    return {
      Authorization: this.authorization,
      Accept: accept === 'json' ? 'application/json' : 'application/xml',
      ...extra,
    };
  }

  async ping(signal?: AbortSignal): Promise<boolean> {
    try {
      const res = await this.http.request({
        method: 'GET',
        url: `${this.base}/ping`,
        headers: this.headers('json'),
        signal,
      });
      return res.status === 200;
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
      res = await this.http.request({ method: 'GET', url: `${this.base}/ping`, headers: this.headers('json'), signal });
    } catch (err) {
      return { reachable: false, authenticated: false, message: toArchiveError(err).message };
    }
    if (res.status !== 200) {
      if (res.status === 401 || res.status === 403)
        return { reachable: true, authenticated: false, message: AUTH_MESSAGE };
      return {
        reachable: false,
        authenticated: false,
        message: `Le serveur répond, mais le service as@lae n’est pas accessible à cette adresse (HTTP ${res.status}). Vérifiez l’adresse : elle se termine par « /restservices ».`,
      };
    }
    try {
      parseJsonAnswer(res);
    } catch {
      return { reachable: false, authenticated: false, message: GARBAGE };
    }
    try {
      res = await this.http.request({
        method: 'GET',
        url: `${this.base}/versions`,
        headers: this.headers('json'),
        signal,
      });
    } catch (err) {
      return { reachable: true, authenticated: false, message: toArchiveError(err).message };
    }
    if (res.status === 401 || res.status === 403)
      return { reachable: true, authenticated: false, message: AUTH_MESSAGE };
    if (res.status !== 200)
      return {
        reachable: true,
        authenticated: false,
        message: statusError(res, 'le test de connexion', AUTH_MESSAGE).message,
      };
    let v: unknown;
    try {
      v = parseJsonAnswer(res);
    } catch {
      return { reachable: true, authenticated: false, message: GARBAGE };
    }
    if (!v || typeof v !== 'object' || typeof (v as Record<string, unknown>).version !== 'string')
      return { reachable: true, authenticated: false, message: GARBAGE };
    const o = v as Record<string, unknown>;
    const serverVersion = `${typeof o.application === 'string' ? o.application : 'as@lae'} ${String(o.version)}`;
    return { reachable: true, authenticated: true, serverVersion, message: `Connexion réussie (${serverVersion}).` };
  }

  async send(transfer: PreparedTransfer, options: SendOptions = {}): Promise<SendResult> {
    if (!transfer.attachmentsPath)
      throw new ArchiveError('refused', 'Le paquet à verser est incomplet (archive des documents absente).', false);
    const chunked = transfer.totalBytes > this.chunkThreshold || Boolean(options.resume?.sessionIdentifier);
    if (chunked) await this.sendChunked(transfer, options);
    else await this.sendWhole(transfer, options);
    return {};
  }

  private hooks(options: SendOptions, base: number, total: number): BodyHooks {
    let sent = base;
    return {
      throttle: options.throttle,
      signal: options.signal,
      onBytes: (n) => {
        sent += n;
        options.onProgress?.(sent, total);
      },
    };
  }

  private async sendWhole(t: PreparedTransfer, options: SendOptions): Promise<void> {
    const { body, contentType } = multipartBody(
      [
        {
          name: 'seda_message',
          filename: 'bordereau.xml',
          contentType: 'application/xml',
          file: { path: t.bordereauPath, end: await fileSize(t.bordereauPath) },
          small: true,
        },
        {
          name: 'attachments',
          filename: 'archive.tar.gz',
          contentType: 'application/x-gzip',
          file: { path: t.attachmentsPath ?? '', end: t.totalBytes },
        },
      ],
      this.hooks(options, 0, t.totalBytes),
    );
    const res = await this.http.request({
      method: 'POST',
      url: `${this.base}/sedaMessages`,
      headers: this.headers('json', { 'Content-Type': contentType, Expect: '' }),
      body,
      signal: options.signal,
    });
    if (res.status !== 200) throw statusError(res, 'l’envoi du transfert', AUTH_MESSAGE, true);
    parseJsonAnswer(res, true);
  }

  private async sendChunked(t: PreparedTransfer, options: SendOptions): Promise<void> {
    let state: ResumeState;
    if (options.resume?.sessionIdentifier && options.resume.securityIdentifier) {
      state = {
        ...options.resume,
        chunkSize: options.resume.chunkSize ?? this.chunkSize,
        lastChunkAcked: options.resume.lastChunkAcked ?? 0,
      };
    } else {
      const { body, contentType } = multipartBody([
        {
          name: 'seda_message',
          filename: 'bordereau.xml',
          contentType: 'application/xml',
          file: { path: t.bordereauPath, end: await fileSize(t.bordereauPath) },
          small: true,
        },
        { name: 'send_chunked_attachments', value: 'true' },
      ]);
      const res = await this.http.request({
        method: 'POST',
        url: `${this.base}/sedaMessages`,
        headers: this.headers('json', { 'Content-Type': contentType, Expect: '' }),
        body,
        signal: options.signal,
      });
      if (res.status !== 200)
        throw statusError(res, 'l’ouverture de l’envoi en plusieurs morceaux', AUTH_MESSAGE, true);
      const j = parseJsonAnswer(res, true) as Record<string, unknown> | null;
      const session = j && typeof j === 'object' ? j.chunk_session_identifier : undefined;
      const security = j && typeof j === 'object' ? j.chunk_security_identifier : undefined;
      if (
        (typeof session !== 'string' && typeof session !== 'number') ||
        (typeof security !== 'string' && typeof security !== 'number')
      )
        throw new ArchiveError(
          'unsupported',
          'Cette version d’as@lae n’accepte pas l’envoi en plusieurs morceaux. Augmentez le seuil d’envoi en morceaux dans les réglages, ou contactez le service d’archives.',
          false,
        );
      state = {
        sessionIdentifier: String(session),
        securityIdentifier: String(security),
        chunkSize: this.chunkSize,
        lastChunkAcked: 0,
      };
      options.onResumeState?.({ ...state });
    }
    const size = state.chunkSize ?? this.chunkSize;
    const count = Math.max(1, Math.ceil(t.totalBytes / size));
    options.onProgress?.(Math.min(t.totalBytes, (state.lastChunkAcked ?? 0) * size), t.totalBytes);
    for (let index = (state.lastChunkAcked ?? 0) + 1; index <= count; index++) {
      const start = (index - 1) * size;
      const end = Math.min(t.totalBytes, start + size);
      const { body, contentType } = multipartBody(
        [
          { name: 'session_identifier', value: state.sessionIdentifier ?? '' },
          { name: 'security_identifier', value: state.securityIdentifier ?? '' },
          { name: 'number_of_files', value: '1' },
          { name: 'file_index', value: '1' },
          { name: 'file_name', value: 'archive.tar.gz' },
          { name: 'compression_algorithm', value: 'TARGZ' },
          { name: 'number_of_chunks', value: String(count) },
          { name: 'chunk_index', value: String(index) },
          {
            name: 'chunk_content',
            filename: 'archive.tar.gz',
            contentType: 'application/octet-stream',
            file: { path: t.attachmentsPath ?? '', start, end },
          },
        ],
        this.hooks(options, start, t.totalBytes),
      );
      const last = index === count;
      let res: HttpResponse;
      try {
        res = await this.http.request({
          method: 'POST',
          url: `${this.base}/sedaAttachmentsChunkFiles`,
          headers: this.headers('json', { 'Content-Type': contentType, Expect: '' }),
          body,
          signal: options.signal,
        });
      } catch (err) {
        // Only the last chunk completes the transfer; earlier ones are simply re-sent on resume.
        const e = toArchiveError(err);
        throw last ? e : new ArchiveError(e.code, e.message, e.retryable, false, e.httpStatus, e.retryAfterMs);
      }
      if (res.status !== 200) {
        const e = statusError(res, `l’envoi du morceau ${index} sur ${count}`, AUTH_MESSAGE, last);
        if (
          e.code === 'refused' &&
          options.resume?.sessionIdentifier &&
          index === (options.resume.lastChunkAcked ?? 0) + 1
        ) {
          // The archive forgot the session (expired): start over with a new one next time.
          options.onResumeState?.({});
          throw new ArchiveError(
            'refused',
            `${e.message} La session d’envoi a expiré : l’envoi reprendra depuis le début.`,
            true,
            false,
            res.status,
          );
        }
        throw e;
      }
      parseJsonAnswer(res, last);
      state = { ...state, lastChunkAcked: index };
      options.onResumeState?.({ ...state });
    }
  }

  private async fetchMessage(
    message: 'Acknowledgement' | 'ArchiveTransferReply',
    ref: TransferRef,
    signal?: AbortSignal,
  ): Promise<HttpResponse> {
    return await this.http.request({
      method: 'GET',
      url: asalaeMessageUrl(this.base, message, ref),
      headers: this.headers('xml'),
      signal,
    });
  }

  async acknowledgement(ref: TransferRef, signal?: AbortSignal): Promise<AckResult> {
    const res = await this.fetchMessage('Acknowledgement', ref, signal);
    // 401/403 refused; 503/429 overloaded (the scheduler holds every call back): not "pending".
    if (isRefusalOrOverload(res.status)) throw statusError(res, 'la lecture de l’accusé de réception', AUTH_MESSAGE);
    if (res.status !== 200) return { state: 'pending' };
    const xml = requireXml(res);
    const ack = readReply(parseAcknowledgement, xml);
    if (ack.messageReceivedIdentifier !== ref.messageIdentifier)
      throw anotherTransfer(ref.messageIdentifier, ack.messageReceivedIdentifier);
    return { state: 'received', xml, date: ack.date };
  }

  async reply(ref: TransferRef, signal?: AbortSignal): Promise<ReplyOutcome> {
    const res = await this.fetchMessage('ArchiveTransferReply', ref, signal);
    // 401/403 refused; 503/429 overloaded (the scheduler holds every call back): not "pending".
    if (isRefusalOrOverload(res.status)) throw statusError(res, 'la lecture de la réponse au transfert', AUTH_MESSAGE);
    if (res.status !== 200) return { state: 'pending' };
    const xml = requireXml(res);
    const atr = readReply(parseArchiveTransferReply, xml);
    // as@lae swaps the two identifiers in its 2.x ATR: accept ours in either place.
    if (atr.messageIdentifier !== ref.messageIdentifier && atr.messageRequestIdentifier !== ref.messageIdentifier)
      throw anotherTransfer(ref.messageIdentifier, atr.messageRequestIdentifier);
    const code = atr.replyCode.trim();
    const accepted = isAcceptedReplyCode(code);
    const remarks = code !== '000';
    return {
      state: accepted ? (remarks ? 'accepted_with_warnings' : 'accepted') : 'rejected',
      replyCode: code,
      comment: asalaeReplyText(atr, code, accepted),
      ...(atr.archivalAgencyArchiveUnitIdentifier ? { archiveReference: atr.archivalAgencyArchiveUnitIdentifier } : {}),
      xml,
      // GrantDate: when the archive took charge of the transfer (the ATR's Date is the message's).
      date: atr.grantDate ?? atr.date,
    };
  }

  async lookup(ref: TransferRef, signal?: AbortSignal): Promise<{ received: boolean; operationId?: string }> {
    const res = await this.fetchMessage('Acknowledgement', ref, signal);
    if (res.status === 401 || res.status === 403) throw statusError(res, 'la vérification du transfert', AUTH_MESSAGE);
    if (res.status === 200) {
      const ack = readReply(parseAcknowledgement, requireXml(res));
      if (ack.messageReceivedIdentifier !== ref.messageIdentifier)
        throw anotherTransfer(ref.messageIdentifier, ack.messageReceivedIdentifier);
      return { received: true };
    }
    const text = res.body.toString('utf8').slice(0, 4096);
    // as@lae answers "Transfert en cours de traitement" (HTTP 500) while a received transfer is processed.
    if (/en cours de traitement/i.test(text)) return { received: true };
    // as@lae 1.6 answers an unknown transfer with HTTP 500 too, « Transfert d'archive à l'origine
    // de la séquence non trouvé : <identifiant> » (seen in a public connector's tests against it).
    // Only that text naming our identifier means "not received": read as a plain server error,
    // a transfer whose first send never arrived would be looked up forever, never re-sent.
    if (res.status === 500 && isUnknownTransferAnswer(text, ref.messageIdentifier)) return { received: false };
    // Exactly once: any other server error, an overload (429), a timeout (408), the proxy's
    // 407 or a redirect tells nothing about the transfer — ask again later rather than risk a
    // second deposit. A clear 4xx (e.g. 404 unknown) means "not received".
    const tellsNothing = [407, 408, 429].includes(res.status) || res.status < 400;
    if (res.status >= 500 || tellsNothing) throw statusError(res, 'la vérification du transfert', AUTH_MESSAGE);
    return { received: false };
  }
}

async function fileSize(p: string): Promise<number> {
  return (await stat(p)).size;
}
