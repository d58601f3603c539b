// A document's detail as the form shows it: transfer, timeline, attachments, validation
// messages beside each field, and a preview.
import path from 'node:path';
import type { DocumentDetail } from '../../../contract/api';
import { inClassificationList, metadataVerdict } from '../../acts';
import type { StoredClassification } from '../../store/classifications';
import type { DocumentRecord } from '../../store/documents';
import type { EngineParts } from '../../parts';
import { documentSummary, timelineEntry } from '../views';
import { isWithin } from '../file-access';
import { previewOf } from './file-preview';

export type DetailParts = Pick<
  EngineParts,
  'documents' | 'transfers' | 'journal' | 'classifications' | 'inboxDir' | 'vaultDir'
>;

export async function documentDetail(p: DetailParts, d: DocumentRecord): Promise<DocumentDetail> {
  const transfer = d.transferId ? p.transfers.get(d.transferId) : null;
  const attachments = d.role === 'act' ? p.documents.list({ parentId: d.id }, { limit: 1000 }).items : [];
  // While a transfer waits (archive refusing a certificate, garbage answers…), its last problem is the reason.
  const waiting = transfer && ['queued', 'sending', 'sent', 'acknowledged', 'failed'].includes(transfer.state);
  return {
    ...documentSummary(d),
    reason: d.reason ?? (waiting ? (transfer.lastError ?? null) : null),
    fingerprint: d.fingerprintHex ? { algorithm: d.fingerprintAlg, hex: d.fingerprintHex } : null,
    // A file dropped in the browser lives in our inbox: show the name it was given, not our folder.
    sourcePath: shownPath(d.sourcePath, p.inboxDir),
    timeline: p.journal.entriesFor(d.id).map(timelineEntry),
    attachments: attachments.map(documentSummary),
    transfer: transfer
      ? {
          id: transfer.id,
          kind: transfer.kind,
          title: transfer.title ?? null,
          messageIdentifier: transfer.messageIdentifier,
          state: transfer.state,
          archiveReference: transfer.archiveReference ?? null,
          replyCode: transfer.replyCode ?? null,
          replyComment: transfer.replyComment ?? null,
          sentAt: transfer.sentAt ?? null,
          acknowledgedAt: transfer.acknowledgedAt ?? null,
          repliedAt: transfer.repliedAt ?? null,
          archiveKind: transfer.archiveKind ?? null,
        }
      : null,
    validation: validationOf(d, p.classifications.get(d.profileId)),
    preview: await previewOf(p.vaultDir, d),
  };
}

/** `<inbox>/<upload id>/Délibérations/x.pdf` → `Délibérations/x.pdf` (the name as dropped). */
export function shownPath(file: string, inboxDir: string): string {
  if (file === inboxDir || !isWithin(file, inboxDir)) return file;
  return path.relative(inboxDir, file).split(path.sep).slice(1).join('/');
}

const REQUIRED_MESSAGE: Record<string, string> = {
  nature: 'Choisissez la nature de l’acte.',
  number: 'Indiquez le numéro de l’acte.',
  date: 'Indiquez la date de l’acte.',
  objet: 'Indiquez l’objet de l’acte.',
  classification: 'Choisissez la classification.',
};

/** What the form shows beside each field: missing ones first, then invalid ones. */
function validationOf(d: DocumentRecord, own: StoredClassification | null): { field: string; message: string }[] {
  const v = metadataVerdict(d.role, d.metadata);
  const out = [
    ...v.missing.map((field) => ({ field, message: REQUIRED_MESSAGE[field] ?? 'Champ à compléter.' })),
    ...v.problems.map((pr) => ({ field: pr.field, message: pr.message })),
  ];
  // Advice, not a block: the archive does not check the prefecture's list, but a code
  // outside it is most likely a typing error.
  const code = d.metadata.classification;
  if (own && code && !out.some((x) => x.field === 'classification') && !inClassificationList(code, own.entries)) {
    out.push({
      field: 'classification',
      message: `Attention : la classification « ${code} » ne figure pas dans la nomenclature de la préfecture importée pour cette commune.`,
    });
  }
  return out;
}
