// From "verser ces documents" to transfers on disk: the plan (deposit-plan.ts) groups each act
// with its annexes and signatures and stores the transfer and its MessageIdentifier BEFORE any
// attempt (exactly once); this builds the SEDA package from the vault copies when the sync
// engine asks.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PLAN_CHUNK } from '../../contract/channels/deposit';
import { PreflightError } from './deposit-refusals';
import { ACT_MAX_BYTES, planDeposit, planFolderDeposit, type DepositPlan } from './deposit-plan';
import type { PreparedTransfer } from '../archive/connector';
import type { EventBus } from '../events';
import { actUnit, safeUri } from '../seda/builder';
import { buildFolderUnit, type FolderFile } from '../seda/folder-transfer';
import { identifyFormat } from '../seda/format';
import { buildPackage } from '../seda/package';
import { preflight, type PreflightLimits } from '../seda/preflight';
import type { ObjectInput, TransferInput, UnitInput } from '../seda/types';
import type { BatchOptions } from '../sync/batching';
import { actGroups, batchUnit, depositBatching } from './deposit-batching';
import { ClassificationRepository } from '../store/classifications';
import type { Journal } from '../seal/journal';
import { vaultAbsolutePath } from '../seal/vault';
import type { Db } from '../store/db';
import type { DocumentRecord, DocumentRepository } from '../store/documents';
import type { Profile, ProfileRepository } from '../store/profiles';
import type { TransferRepository } from '../store/transfers';
import { UserError } from '../api/dispatch';
import type { LoadedPolicy } from '../policy';
import { applyManagement } from '../seda/management';
import { archiveOptions } from './profile-options';
import { addCheckpoint, type TransferCheckpoint } from '../evidence/transfer-checkpoint';

export interface DepositDeps {
  db: Db;
  journal: Journal;
  bus: EventBus;
  profiles: ProfileRepository;
  /** Shared with the handlers (one parsed copy per commune); made here when absent (tests). */
  classifications?: ClassificationRepository;
  documents: DocumentRepository;
  transfers: TransferRepository;
  stagingDir: string;
  vaultDir: string;
  /** Imposed archive settings (management metadata) win over the profile's. */
  policy?: LoadedPolicy;
  /** The latest stamped journal head and its token, carried to the archive with each transfer. */
  checkpoint?: () => TransferCheckpoint | null;
  /** Documents planned per transaction (PLAN_CHUNK unless a test says otherwise). */
  planChunk?: number;
}

export { PLAN_CHUNK };

export { ACT_MAX_BYTES, type DepositPlan } from './deposit-plan';

export class DepositService {
  private readonly classifications: ClassificationRepository;

  constructor(private readonly d: DepositDeps) {
    this.classifications = d.classifications ?? new ClassificationRepository(d.db);
  }

  /**
   * Groups the chosen documents into versements and queues them, set-based, one transaction
   * per PLAN_CHUNK documents (deposit-plan.ts): each act alone, or several merged when the
   * profile allows. By chunks: one plan of 100,000 documents held all their records and
   * events at once (~150 MiB). Each act goes with its annexes whichever chunk names them; an
   * annex whose act an earlier chunk queued is already on its way (not a problem).
   */
  plan(ids: readonly string[]): DepositPlan {
    const chunk = this.d.planChunk ?? PLAN_CHUNK;
    if (ids.length <= chunk) return planDeposit(this.d, ids);
    const all: DepositPlan = { transferIds: [], queuedDocuments: 0, problems: [] };
    for (let i = 0; i < ids.length; i += chunk) {
      const part = planDeposit(this.d, ids.slice(i, i + chunk));
      all.transferIds.push(...part.transferIds);
      all.queuedDocuments += part.queuedDocuments;
      all.problems.push(...part.problems);
    }
    return all;
  }

  /** One transfer for a whole folder: every file in it (annexes included), tree from their paths. */
  planFolder(ids: string[], title: string): DepositPlan {
    return planFolderDeposit(this.d, ids, title);
  }

  /** Builds (or finds again) the package of a transfer, from the vault copies. */
  async prepare(transferId: string): Promise<PreparedTransfer> {
    const transfer = this.d.transfers.get(transferId);
    if (!transfer) throw new UserError('Versement introuvable.');
    const profile = this.d.profiles.get(transfer.profileId);
    if (!profile) throw new UserError('Le profil de ce versement est introuvable.');
    // Every document carrying the transfer_id (the sync engine moves them all), never a page.
    const docs = this.d.documents.ofTransfer(transferId);
    if (docs.length === 0) throw new UserError('Ce versement ne contient aucun document.');
    const expected = this.d.documents.countOfTransfer(transferId);
    const target = profile.archiveKind === 'vitam' ? 'vitam' : 'asalae';
    const stagingDir = path.join(this.d.stagingDir, transfer.messageIdentifier);
    const packagePath = path.join(stagingDir, target === 'vitam' ? 'sip.zip' : 'archive.tar.gz');
    // Same MessageIdentifier ⇒ same bytes: a retry resends the package built the first time.
    if (
      transfer.bordereauPath &&
      transfer.packagePath &&
      existsSync(transfer.bordereauPath) &&
      existsSync(transfer.packagePath)
    ) {
      // A package built short (by a version that read at most 1,000 documents) is never resent.
      refuseShort(await bordereauObjects(transfer.bordereauPath), expected, true);
      // Prepared right before each attempt: the archive it goes to, kept for its receipt (a
      // commune that left the demonstration archive still has demo deposits).
      if (transfer.archiveKind !== profile.archiveKind)
        this.d.transfers.update(transferId, { archiveKind: profile.archiveKind });
      return {
        messageIdentifier: transfer.messageIdentifier,
        transferringAgency: profile.transferringAgencyId,
        sedaVersion: profile.sedaVersion,
        bordereauPath: transfer.bordereauPath,
        ...(target === 'vitam' ? { sipPath: transfer.packagePath } : { attachmentsPath: transfer.packagePath }),
        totalBytes: transfer.totalBytes ?? 0,
      };
    }
    const input = await this.inputOf(profile, transfer, docs);
    // Before anything is written: the bordereau must describe every document of the transfer.
    refuseShort(countObjects(input.root), expected, false);
    const checkpoint = this.d.checkpoint?.() ?? null;
    const extra = checkpoint
      ? await mkdir(stagingDir, { recursive: true }).then(() => addCheckpoint(input.root, stagingDir, checkpoint))
      : null;
    const issues = (await preflight(input, profile.sedaVersion, this.preflightLimits(profile))).filter(
      (i) => i.level === 'error',
    );
    if (issues.length > 0) throw new PreflightError(issues.map((i) => i.message));
    const sources = new Map(docs.map((doc) => [doc.id, vaultAbsolutePath(this.d.vaultDir, doc.vaultPath)]));
    if (extra) sources.set(...extra);
    const prepared = await buildPackage(input, sources, { target, sedaVersion: profile.sedaVersion, stagingDir });
    this.d.transfers.update(transferId, {
      bordereauPath: prepared.bordereauPath,
      packagePath: prepared.sipPath ?? prepared.attachmentsPath ?? packagePath,
      totalBytes: prepared.totalBytes,
      archiveKind: profile.archiveKind,
    });
    return prepared;
  }

  /** The transfer as the bordereau describes it, the profile's management metadata applied. */
  async inputOf(
    profile: Profile,
    transfer: { kind: 'act' | 'folder'; messageIdentifier: string; title: string | null },
    docs: DocumentRecord[],
  ): Promise<TransferInput> {
    const raw =
      transfer.kind === 'folder'
        ? await this.folderInput(profile, transfer.messageIdentifier, docs, transfer.title ?? 'Dossier')
        : await this.transferInput(profile, transfer.messageIdentifier, docs);
    return applyManagement(raw, archiveOptions(profile, this.d.policy).management);
  }

  /** What the pre-flight checks for this profile: the act size limit and the archive's SEDA profile. */
  preflightLimits(profile: Profile): PreflightLimits {
    const rng = archiveOptions(profile, this.d.policy).sedaProfileRng;
    return { maxTotalBytes: ACT_MAX_BYTES, ...(rng ? { rngProfile: rng } : {}) };
  }

  private async objectOf(doc: DocumentRecord, role: ObjectInput['role']): Promise<ObjectInput> {
    return {
      id: doc.id,
      fileName: doc.fileName,
      uri: safeUri(doc.id, doc.fileName),
      size: doc.size,
      digest: { algorithm: doc.fingerprintAlg, hex: doc.fingerprintHex },
      format: await identifyFormat(vaultAbsolutePath(this.d.vaultDir, doc.vaultPath)),
      role,
      lastModified: new Date(doc.mtimeMs).toISOString(),
    };
  }

  private classificationOf(profileId: string): Pick<TransferInput, 'classification'> {
    const own = this.classifications.get(profileId);
    return own ? { classification: own.entries } : {};
  }

  private header(profile: Profile, messageIdentifier: string): Omit<TransferInput, 'root'> {
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
      ...this.classificationOf(profile.id),
    };
  }

  /** The tree mirrors the sub-folders below the files' common folder. */
  private async folderInput(
    profile: Profile,
    messageIdentifier: string,
    docs: DocumentRecord[],
    title: string,
  ): Promise<TransferInput> {
    const paths = docs.map((d) => d.relativePath.split('/'));
    let common = 0;
    while (paths.every((p) => p.length > common + 1 && p[common] === paths[0]![common])) common++;
    const files: FolderFile[] = [];
    for (const doc of docs) {
      files.push({
        relativePath: doc.relativePath.split('/').slice(common).join('/'),
        object: await this.objectOf(doc, doc.role),
      });
    }
    return {
      ...this.header(profile, messageIdentifier),
      root: buildFolderUnit(title, files, `${profile.name} (SIREN ${profile.siren})`),
    };
  }

  private async transferInput(
    profile: Profile,
    messageIdentifier: string,
    docs: DocumentRecord[],
  ): Promise<TransferInput> {
    const header = this.header(profile, messageIdentifier);
    const description = `${profile.name} (SIREN ${profile.siren})`;
    const units: UnitInput[] = [];
    const groups = actGroups(docs);
    for (const members of groups) {
      const act = members.find((d) => d.role === 'act' && !d.parentId) ?? members[0]!;
      const objects: ObjectInput[] = [];
      for (const doc of members)
        objects.push(await this.objectOf(doc, doc.id === act.id ? 'act' : doc.role === 'act' ? 'annex' : doc.role));
      units.push(actUnit(act.metadata, objects, description));
    }
    if (units.length === 1) return { ...header, root: units[0]! };
    // Several acts (a merged backlog): each act's unit as its own transfer would have it.
    const management = archiveOptions(profile, this.d.policy).management;
    const acts = units.map((root) => applyManagement({ ...header, root }, management).root);
    return { ...header, root: batchUnit(acts, description) };
  }

  /** The sync engine's batching for these profiles (several never-sent acts in one transfer). */
  batching(): BatchOptions {
    return depositBatching(this.d);
  }
}

/** Objects a unit tree carries (one per document). */
function countObjects(unit: UnitInput): number {
  return unit.objects.length + unit.children.reduce((n, c) => n + countObjects(c), 0);
}

/** Objects a built bordereau lists (the journal checkpoint, when present, is one more). */
async function bordereauObjects(bordereauPath: string): Promise<number> {
  return ((await readFile(bordereauPath, 'utf8')).match(/<(?:\w+:)?BinaryDataObject[\s>]/g) ?? []).length;
}

/** A package that leaves out a document of its transfer is refused: those files would be reported archived unsent. */
function refuseShort(packaged: number, expected: number, atLeast: boolean): void {
  if (atLeast ? packaged >= expected : packaged === expected) return;
  throw new UserError(
    atLeast
      ? `Le paquet déjà construit pour ce versement ne contient que ${packaged} documents sur ${expected} : rien n’est envoyé.`
      : `Le paquet de ce versement ne contiendrait que ${packaged} documents sur ${expected} : il n’est pas construit, rien n’est envoyé.`,
  );
}
