// From "verser ces documents" to transfers on disk: groups each act with its annexes and
// signatures, stores the transfer and its MessageIdentifier BEFORE any attempt (exactly
// once), and builds the SEDA package from the vault copies when the sync engine asks.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { validateActMetadata } from '../acts';
import type { PreparedTransfer } from '../archive/connector';
import { applyTransition } from '../capture/states';
import type { CoreEvent, EventBus } from '../events';
import { actUnit, safeUri } from '../seda/builder';
import { identifyFormat } from '../seda/format';
import { buildPackage, generateMessageIdentifier } from '../seda/package';
import { preflight } from '../seda/preflight';
import type { ObjectInput, TransferInput } from '../seda/types';
import type { Journal } from '../seal/journal';
import { vaultAbsolutePath } from '../seal/vault';
import type { Db } from '../store/db';
import type { DocumentRecord, DocumentRepository } from '../store/documents';
import type { Profile, ProfileRepository } from '../store/profiles';
import type { TransferRepository } from '../store/transfers';
import { UserError } from '../api/dispatch';

export interface DepositDeps {
  db: Db;
  journal: Journal;
  bus: EventBus;
  profiles: ProfileRepository;
  documents: DocumentRepository;
  transfers: TransferRepository;
  stagingDir: string;
  vaultDir: string;
}

export interface DepositPlan {
  transferIds: string[];
  queuedDocuments: number;
  problems: { id: string; message: string }[];
}

/** Total size allowed for one act and its annexes (@CTES: 150 MB). */
export const ACT_MAX_BYTES = 150 * 1024 * 1024;

export class DepositService {
  constructor(private readonly d: DepositDeps) {}

  /** Groups the chosen documents into one transfer per act; queues them. */
  plan(ids: string[]): DepositPlan {
    const problems: DepositPlan['problems'] = [];
    const acts = new Map<string, DocumentRecord>();
    for (const id of ids) {
      const doc = this.d.documents.get(id);
      if (!doc) {
        problems.push({ id, message: 'Document introuvable.' });
        continue;
      }
      const act = doc.parentId ? this.d.documents.get(doc.parentId) : doc;
      if (!act) {
        problems.push({ id, message: "L'acte auquel cette annexe est rattachée est introuvable." });
        continue;
      }
      acts.set(act.id, act);
    }
    const transferIds: string[] = [];
    let queuedDocuments = 0;
    for (const act of acts.values()) {
      const members = [act, ...this.d.documents.list({ parentId: act.id }, { limit: 1000 }).items];
      const notReady = members.filter((m) => m.state !== 'ready');
      if (notReady.length > 0) {
        for (const m of notReady) {
          if (m.state === 'queued' || m.state === 'sending' || m.state === 'sent' || m.state === 'acknowledged') continue;
          problems.push({ id: m.id, message: notReadyMessage(m) });
        }
        if (notReady.some((m) => m.state !== 'queued' && m.state !== 'sending' && m.state !== 'sent' && m.state !== 'acknowledged'))
          continue;
        continue;
      }
      const invalid = validateActMetadata(act.metadata);
      if (invalid.length > 0) {
        problems.push({ id: act.id, message: invalid[0]!.message });
        continue;
      }
      const total = members.reduce((s, m) => s + m.size, 0);
      if (total > ACT_MAX_BYTES) {
        problems.push({
          id: act.id,
          message: `L'acte et ses annexes pèsent ${(total / 1e6).toFixed(0)} Mo : la limite est de 150 Mo par acte.`,
        });
        continue;
      }
      const profile = this.d.profiles.get(act.profileId);
      if (!profile) {
        problems.push({ id: act.id, message: 'Le profil de cette commune est introuvable.' });
        continue;
      }
      const events: CoreEvent[] = [];
      const transferId = this.d.db.transaction(() => {
        // The MessageIdentifier exists, stored, before the first attempt: the key of exactly-once.
        const t = this.d.transfers.insert({
          profileId: profile.id,
          messageIdentifier: generateMessageIdentifier(profile.siren || profile.id.slice(0, 8)),
          kind: 'act',
          state: 'queued',
          totalBytes: total,
        });
        for (const m of members) {
          events.push(applyTransition(this.d.db, this.d.journal, m.id, 'queued', { columns: { transfer_id: t.id }, data: { transferId: t.id, messageIdentifier: t.messageIdentifier } }));
        }
        return t.id;
      })();
      for (const e of events) this.d.bus.emit(e);
      transferIds.push(transferId);
      queuedDocuments += members.length;
    }
    return { transferIds, queuedDocuments, problems };
  }

  /** Builds (or finds again) the package of a transfer, from the vault copies. */
  async prepare(transferId: string): Promise<PreparedTransfer> {
    const transfer = this.d.transfers.get(transferId);
    if (!transfer) throw new UserError('Versement introuvable.');
    const profile = this.d.profiles.get(transfer.profileId);
    if (!profile) throw new UserError('Le profil de ce versement est introuvable.');
    const docs = this.d.documents.list({ transferId }, { limit: 1000 }).items;
    if (docs.length === 0) throw new UserError('Ce versement ne contient aucun document.');
    const target = profile.archiveKind === 'vitam' ? 'vitam' : 'asalae';
    const stagingDir = path.join(this.d.stagingDir, transfer.messageIdentifier);
    const bordereauPath = path.join(stagingDir, target === 'vitam' ? 'manifest.xml' : 'bordereau.xml');
    const packagePath = path.join(stagingDir, target === 'vitam' ? 'sip.zip' : 'archive.tar.gz');
    // Same MessageIdentifier ⇒ same bytes: a retry resends the package built the first time.
    if (transfer.bordereauPath && transfer.packagePath && existsSync(transfer.bordereauPath) && existsSync(transfer.packagePath)) {
      return {
        messageIdentifier: transfer.messageIdentifier,
        transferringAgency: profile.transferringAgencyId,
        sedaVersion: profile.sedaVersion,
        bordereauPath: transfer.bordereauPath,
        ...(target === 'vitam' ? { sipPath: transfer.packagePath } : { attachmentsPath: transfer.packagePath }),
        totalBytes: transfer.totalBytes ?? 0,
      };
    }
    const input = await this.transferInput(profile, transfer.messageIdentifier, docs);
    const issues = (await preflight(input, profile.sedaVersion, { maxTotalBytes: ACT_MAX_BYTES })).filter((i) => i.level === 'error');
    if (issues.length > 0) throw new PreflightError(issues.map((i) => i.message));
    const sources = new Map(docs.map((doc) => [doc.id, vaultAbsolutePath(this.d.vaultDir, doc.vaultPath)]));
    const prepared = await buildPackage(input, sources, { target, sedaVersion: profile.sedaVersion, stagingDir });
    this.d.transfers.update(transferId, {
      bordereauPath: prepared.bordereauPath,
      packagePath: prepared.sipPath ?? prepared.attachmentsPath ?? packagePath,
      totalBytes: prepared.totalBytes,
    });
    void bordereauPath;
    return prepared;
  }

  private async transferInput(profile: Profile, messageIdentifier: string, docs: DocumentRecord[]): Promise<TransferInput> {
    const act = docs.find((d) => d.role === 'act' && !d.parentId) ?? docs[0]!;
    const objects: ObjectInput[] = [];
    for (const doc of docs) {
      const format = await identifyFormat(vaultAbsolutePath(this.d.vaultDir, doc.vaultPath));
      objects.push({
        id: doc.id,
        fileName: doc.fileName,
        uri: safeUri(doc.id, doc.fileName),
        size: doc.size,
        digest: { algorithm: doc.fingerprintAlg, hex: doc.fingerprintHex },
        format,
        role: doc.id === act.id ? 'act' : doc.role === 'act' ? 'annex' : doc.role,
        lastModified: new Date(doc.mtimeMs).toISOString(),
      });
    }
    return {
      messageIdentifier,
      date: new Date().toISOString(),
      comment: `Versement de ${profile.name} par Sceau`,
      archivalAgreement: profile.archivalAgreement,
      ...(profile.archivalProfile ? { archivalProfile: profile.archivalProfile } : {}),
      archivalAgencyId: profile.archivalAgencyId,
      transferringAgencyId: profile.transferringAgencyId,
      originatingAgencyId: profile.originatingAgencyId || profile.transferringAgencyId,
      ...(profile.submissionAgencyId ? { submissionAgencyId: profile.submissionAgencyId } : {}),
      digestStyle: profile.archiveKind === 'vitam' ? 'vitam' : 'xmlenc-uri',
      root: actUnit(act.metadata, objects, `${profile.name} (SIREN ${profile.siren})`),
    };
  }
}

/** The package cannot be built as it is: the user must correct something (not retryable). */
export class PreflightError extends Error {
  constructor(readonly problems: string[]) {
    super(problems[0] ?? 'Le bordereau ne respecte pas les règles de l’archive.');
    this.name = 'PreflightError';
  }
}

function notReadyMessage(d: DocumentRecord): string {
  switch (d.state) {
    case 'needs_metadata':
      return `« ${d.fileName} » : des informations sont à compléter avant le versement.`;
    case 'accepted':
      return `« ${d.fileName} » a déjà été accepté par l'archive.`;
    case 'rejected':
      return `« ${d.fileName} » a été refusé : corrigez-le puis cliquez sur « Réessayer ».`;
    case 'skipped_auto_archived':
      return `« ${d.fileName} » est déjà archivé automatiquement par la plateforme (« Verser quand même » pour le forcer).`;
    case 'duplicate':
      return `« ${d.fileName} » est un doublon d'un document déjà versé.`;
    default:
      return `« ${d.fileName} » n'est pas prêt à être versé.`;
  }
}
