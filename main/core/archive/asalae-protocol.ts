// as@lae's REST conventions as Pastell's connector uses them (connecteur/as@lae-rest/
// AsalaeREST.php): the hashed Basic password, the message URLs, and how its answers read.
import { createHash } from 'node:crypto';
import type { TransferRef } from './connector';
import type { ArchiveTransferReply } from '../seda/replies';
import { replyCodeLabel } from '../seda/reply-codes';
import { boundedReasons } from './answers';

/** Lowercase hex SHA-256 of the clear password: what as@lae expects as Basic password. */
export function asalaePasswordHash(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}

export function asalaeBaseUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  return /\/restservices$/i.test(trimmed) ? trimmed : `${trimmed}/restservices`;
}

export function asalaeMessageUrl(
  base: string,
  message: 'Acknowledgement' | 'ArchiveTransferReply',
  ref: TransferRef,
): string {
  return (
    `${asalaeBaseUrl(base)}/sedaMessages/sequence:ArchiveTransfer/message:${message}` +
    `/originOrganizationIdentification:${encodeURIComponent(ref.transferringAgency)}` +
    `/originMessageIdentifier:${encodeURIComponent(ref.messageIdentifier)}`
  );
}

/**
 * What the user reads about an as@lae reply: the reply code's meaning, then the archive's
 * details (its events). Never the Comment: as@lae echoes there our own bordereau's Comment.
 */
export function asalaeReplyText(atr: ArchiveTransferReply, code: string, accepted: boolean): string {
  const label = replyCodeLabel(code) ?? 'code de retour hors de la liste SEDA';
  const details = boundedReasons(
    (atr.events ?? []).filter((e) => !accepted || !/^OK$/i.test(e.outcome ?? '')).map((e) => e.outcomeDetailMessage),
  );
  const more = details.length ? ` Détail de l’archive : ${details.join(' — ')}` : '';
  if (!accepted) return `Archive refusée — code de retour ${code} : ${label}${more}`;
  if (code === '000') return 'Transfert accepté par l’archive.';
  return `Transfert accepté avec remarques — code de retour ${code} : ${label}${more}`;
}

export function isRefusalOrOverload(status: number): boolean {
  return status === 401 || status === 403 || status === 503 || status === 429;
}

// The whole sentence, not just « non trouvé »: a proxy page echoing the request URL (which
// holds the identifier) must never pass for it. Accented letters and the apostrophe match
// any one character: a Latin-1 body read as UTF-8 still matches.
const UNKNOWN_TRANSFER = /Transfert d.archive . l.origine de la s.quence non trouv.\s*:\s*([^\s"'<>]+)/i;

/** as@lae's "unknown transfer" answer, for this very identifier (not a proxy's "not found" page). */
export function isUnknownTransferAnswer(text: string, messageIdentifier: string): boolean {
  return UNKNOWN_TRANSFER.exec(text)?.[1] === messageIdentifier;
}
