// Document rows for store-level tests (search, list, export): one maker of NewDocument with
// distinct fingerprints, and the deposited act most of those tests look for.
import type { ActMetadata } from '../../main/contract/types';
import type { Db } from '../../main/core/store/db';
import { DocumentRepository, type NewDocument } from '../../main/core/store/documents';
import { newTransferRecord } from '../../main/core/store/transfers';

export type MakeDocument = (
  profileId: string,
  fileName: string,
  metadata?: ActMetadata,
  extra?: Partial<NewDocument>,
) => NewDocument;

/** A maker of document rows: each one its own source path, fingerprint and vault path. */
export function documentMaker(defaults: Partial<NewDocument> = {}): MakeDocument {
  let n = 0;
  return (profileId, fileName, metadata = {}, extra = {}) => {
    n++;
    return {
      profileId,
      sourcePath: `/srv/actes/${n}/${fileName}`,
      relativePath: fileName,
      fileName,
      size: 100 + n,
      mtimeMs: n,
      fingerprintAlg: 'sha256',
      fingerprintHex: n.toString(16).padStart(64, '0'),
      vaultPath: `v/${n}`,
      state: 'ready',
      origin: 'watch',
      ...defaults,
      metadata,
      ...extra,
    };
  };
}

/**
 * The budget act « DE_2024_045 » (12/03/2024, classification 7.1) and its annex, both
 * accepted in one transfer that the archive gave `archiveReference`.
 */
export function seedDepositedAct(
  db: Db,
  profileId: string,
  make: MakeDocument,
  options: { messageIdentifier: string; archiveReference: string; objet: string },
) {
  const documents = new DocumentRepository(db);
  // The columns of the first schema only: the migration tests seed a database of an older version.
  const transfer = newTransferRecord({
    profileId,
    messageIdentifier: options.messageIdentifier,
    state: 'accepted',
    archiveReference: options.archiveReference,
  });
  db.prepare(
    `INSERT INTO transfers (id, profile_id, message_identifier, state, archive_reference, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    transfer.id,
    profileId,
    transfer.messageIdentifier,
    transfer.state,
    transfer.archiveReference,
    transfer.createdAt,
    transfer.updatedAt,
  );
  const act = documents.insert(
    make(profileId, 'DE_2024_045.pdf', {
      nature: 'DE',
      number: '2024_045',
      date: '2024-03-12',
      objet: options.objet,
      classification: '7.1',
    }),
  );
  const annex = documents.insert(make(profileId, 'annexe budget.pdf', {}, { role: 'annex', parentId: act.id }));
  documents.update(act.id, { transferId: transfer.id, state: 'accepted' });
  documents.update(annex.id, { transferId: transfer.id, state: 'accepted' });
  return { act, annex, transfer };
}
