// Files the user takes away for one document: the « attestation de versement » (PDF), the
// evidence package (zip an auditor verifies without Sceau) and a copy of the original.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import type { ExportRef } from '../../contract/api';
import { UserError } from '../api/dispatch';
import { fontsDir, sedaSchemasDir } from '../assets';
import { writeEvidencePackage, safeFileName } from '../evidence/evidence-package';
import { writeReceipt } from '../evidence/receipt';
import { vaultAbsolutePath } from '../seal/vault';
import { natureInfo } from '../acts/natures';
import { CHECKPOINT_FILE_NAME } from '../evidence/transfer-checkpoint';
import type { DocumentRecord } from '../store/documents';
import type { EngineParts } from '../parts';

export type ExportParts = Pick<
  EngineParts,
  'documents' | 'transfers' | 'profiles' | 'timestamps' | 'exports' | 'connectors' | 'journal' | 'vaultDir'
>;

const DONE_STATES = new Set(['accepted']);

function archiveName(kind: string): string {
  if (kind === 'demo') return 'Archive de démonstration Sceau';
  if (kind === 'vitam') return 'Plateforme Vitam';
  return 'Archive électronique (as@lae)';
}

function register(p: Pick<EngineParts, 'exports'>, id: string, file: string, fileName: string): ExportRef {
  p.exports.register(id, { path: file, fileName });
  return { exportId: id, fileName };
}

export async function exportReceiptFor(p: ExportParts, doc: DocumentRecord): Promise<ExportRef> {
  const act = doc.parentId ? (p.documents.get(doc.parentId) ?? doc) : doc;
  const transfer = act.transferId ? p.transfers.get(act.transferId) : null;
  if (!transfer || !transfer.sentAt)
    throw new UserError('L’attestation de versement sera disponible une fois le document envoyé à l’archive.');
  const profile = p.profiles.get(transfer.profileId);
  if (!profile) throw new UserError('Le profil de ce versement est introuvable.');
  const members = p.documents.list({ transferId: transfer.id }, { limit: 1000 }).items;
  // Stamp now if the TSA answers, so the receipt names a token covering the reply.
  await p.timestamps?.stampNow().catch(() => false);
  const head = p.timestamps?.tokenCoveringTransfer(transfer.id) ?? null;
  // The archive the deposit went to, not the commune's of today (it may have left the demo).
  const archiveKind = transfer.archiveKind ?? profile.archiveKind;
  const demo = archiveKind === 'demo';
  const sealed = p.journal.entriesFor(act.id).find((e) => (e.data as { to?: string } | null)?.to === 'sealed');
  const m = act.metadata;
  const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
  const attachments: NonNullable<Parameters<typeof writeReceipt>[0]['attachments']> = [];
  if (transfer.bordereauPath) {
    const bordereau = await readFile(transfer.bordereauPath).catch(() => null);
    if (bordereau)
      attachments.push({
        name: 'bordereau.xml',
        content: bordereau,
        type: 'application/xml',
        description: 'Bordereau de versement SEDA',
      });
  }
  if (transfer.ackXml)
    attachments.push({
      name: 'accuse-reception.xml',
      content: Buffer.from(transfer.ackXml, 'utf8'),
      type: 'application/xml',
      description: 'Accusé de réception de l’archive',
    });
  if (transfer.replyXml)
    attachments.push({
      name: 'reponse-transfert.xml',
      content: Buffer.from(transfer.replyXml, 'utf8'),
      type: 'application/xml',
      description: 'Réponse de l’archive au transfert',
    });
  if (head)
    attachments.push({
      name: `jeton-${head.coversSeq}.tsr`,
      content: head.tokenDer,
      type: 'application/timestamp-reply',
      description: 'Jeton d’horodatage RFC 3161 (openssl ts -reply -token_in -in … -text)',
    });
  const slot = p.exports.newSlot();
  const fileName = `attestation-versement-${safeFileName(transfer.messageIdentifier)}.pdf`;
  const out = path.join(slot.dir, fileName);
  await writeReceipt(
    {
      commune: profile.name,
      siren: profile.siren,
      serviceVersant: profile.transferringAgencyId,
      archive: {
        name: archiveName(archiveKind),
        url: demo
          ? (p.connectors.demoArchiveUrl() ?? '')
          : (profile.endpoints[transfer.endpointIndex]?.url ?? profile.endpoints[0]?.url ?? ''),
      },
      messageIdentifier: transfer.messageIdentifier,
      archiveReference: transfer.archiveReference ?? null,
      title: act.metadata.objet ?? act.fileName,
      sentAt: transfer.sentAt,
      acknowledgedAt: transfer.acknowledgedAt ?? null,
      acceptedAt: transfer.state === 'accepted' ? (transfer.repliedAt ?? null) : null,
      reply: transfer.replyCode ? { code: transfer.replyCode, comment: transfer.replyComment ?? null } : null,
      documents: members.map((d) => ({ name: d.fileName, sizeBytes: d.size, sha256: d.fingerprintHex })),
      timestamp: head
        ? {
            genTime: head.genTime,
            tsaName: head.tsaName,
            serial: head.serial,
            qualified: !demo && p.timestamps?.current()?.qualified === true,
            demo: /démonstration/i.test(head.tsaName),
          }
        : null,
      act: {
        nature: m.nature ? `${natureInfo(m.nature).label} (${m.nature})` : null,
        number: m.number ?? null,
        date: m.date ?? null,
        classification: m.classification ?? null,
      },
      capturedAt: sealed?.at ?? act.createdAt,
      replySha256: transfer.replyXml ? sha256(transfer.replyXml) : null,
      demo,
      attachments,
    },
    out,
    { fontDir: fontsDir() },
  );
  return register(p, slot.id, out, fileName);
}

export async function exportEvidenceFor(p: ExportParts, doc: DocumentRecord): Promise<ExportRef> {
  const act = doc.parentId ? (p.documents.get(doc.parentId) ?? doc) : doc;
  const transfer = act.transferId ? p.transfers.get(act.transferId) : null;
  if (!transfer || !transfer.bordereauPath)
    throw new UserError('Le paquet de preuve sera disponible une fois le bordereau de versement produit (à l’envoi).');
  if (
    !DONE_STATES.has(transfer.state) &&
    transfer.state !== 'rejected' &&
    transfer.state !== 'acknowledged' &&
    transfer.state !== 'sent'
  )
    throw new UserError('Le paquet de preuve sera disponible une fois le document envoyé à l’archive.');
  const profile = p.profiles.get(transfer.profileId);
  if (!profile) throw new UserError('Le profil de ce versement est introuvable.');
  if (doc.fingerprintAlg !== 'sha256')
    throw new UserError(
      'Le paquet de preuve est prévu pour les empreintes SHA-256 : ce document a été scellé avec un autre algorithme.',
    );

  const own = p.journal.entriesFor(doc.id);
  const first = own[0];
  if (!first) throw new UserError('Aucune entrée du journal ne concerne ce document.');
  const lastOwn = own[own.length - 1]!;
  // The reply and the last states must be under a token too: stamp now if the TSA answers.
  await p.timestamps?.stampNow().catch(() => false);
  const tokens = p.timestamps?.tokensFor(first.seq, lastOwn.seq) ?? [];
  const lastSeq = Math.max(lastOwn.seq, ...tokens.map((t) => t.coversSeq));
  const slice = p.journal.slice(first.seq, lastSeq);
  const anchor = first.seq > 1 ? (p.journal.slice(first.seq - 1, first.seq - 1)[0] ?? null) : null;

  const slot = p.exports.newSlot();
  const fileName = `preuve-${safeFileName(doc.fileName)}.zip`;
  const out = path.join(slot.dir, fileName);
  await writeEvidencePackage(
    {
      document: { id: doc.id, name: doc.fileName, sizeBytes: doc.size, sha256: doc.fingerprintHex },
      commune: profile.name,
      vaultPath: vaultAbsolutePath(p.vaultDir, doc.vaultPath),
      journalEntries: slice,
      anchorEntry: anchor,
      timestampTokens: tokens,
      tsaCertPem: p.timestamps?.trustPem() ?? '',
      bordereauXml: await readFile(transfer.bordereauPath, 'utf8'),
      ackXml: transfer.ackXml ?? null,
      atrXml: transfer.replyXml ?? null,
      sedaVersion: profile.sedaVersion,
      messageIdentifier: transfer.messageIdentifier,
      archiveReference: transfer.archiveReference ?? null,
      checkpointJson: await readFile(path.join(path.dirname(transfer.bordereauPath), CHECKPOINT_FILE_NAME)).catch(
        () => null,
      ),
      demo: (transfer.archiveKind ?? profile.archiveKind) === 'demo',
      qualified: p.timestamps?.current()?.qualified === true,
    },
    out,
    { sedaSchemaDir: sedaSchemasDir() },
  );
  return register(p, slot.id, out, fileName);
}

export async function exportOriginalFor(p: ExportParts, doc: DocumentRecord): Promise<ExportRef> {
  // A copy of the sealed bytes: the vault copy itself is never handed out for editing. Only
  // a file inside the vault whose bytes still match the sealed fingerprint leaves: a record
  // pointing elsewhere (tampered vault_path) or a changed copy is refused, not served.
  const vaultRoot = path.resolve(p.vaultDir);
  const source = path.resolve(vaultAbsolutePath(p.vaultDir, doc.vaultPath ?? ''));
  if (!doc.vaultPath || !doc.fingerprintHex || !source.startsWith(vaultRoot + path.sep))
    throw new UserError('Ce document n’a pas de copie scellée dans le coffre de Sceau.', 'forbidden');
  const slot = p.exports.newSlot();
  const fileName = safeFileName(doc.fileName);
  const out = path.join(slot.dir, fileName);
  let digest: string;
  try {
    const hash = createHash(doc.fingerprintAlg);
    await pipeline(
      createReadStream(source),
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      }),
      createWriteStream(out, { flags: 'wx' }),
    );
    digest = hash.digest('hex');
  } catch {
    await rm(out, { force: true });
    throw new UserError('La copie conservée de ce document est introuvable : lancez « Vérifier l’intégrité ».');
  }
  if (digest !== doc.fingerprintHex) {
    await rm(out, { force: true });
    throw new UserError(
      'La copie conservée de ce document ne correspond plus à son empreinte : lancez « Vérifier l’intégrité ».',
    );
  }
  return register(p, slot.id, out, fileName);
}
