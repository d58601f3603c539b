// The deposit plan writes its transfers with one multi-row INSERT per 500: every row must read
// back exactly as `insert` would have written it, across chunk boundaries, in the order given;
// a refused row (a MessageIdentifier used twice) fails the plan's transaction as a whole.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/store/db';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { newTransferRecord, TransferRepository, type TransferRecord } from '../../../main/core/store/transfers';

const dir = mkdtempSync(join(tmpdir(), 'sceau-transfers-many-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TransferRepository.insertMany', () => {
  it('writes 1,203 transfers (three chunks) as `insert` would, in order; a duplicate identifier writes nothing', () => {
    const db = openDatabase(join(dir, 'a.db'));
    const profileId = new ProfileRepository(db).create({ name: 'Commune', archiveKind: 'asalae' }).id;
    const repo = new TransferRepository(db);
    const records: TransferRecord[] = Array.from({ length: 1203 }, (_, i) =>
      newTransferRecord({
        profileId,
        messageIdentifier: `SCEAU_TEST_${i}`,
        kind: i % 7 === 0 ? 'folder' : 'act',
        title: i % 7 === 0 ? `Dossier « ${i} » — l’été` : null,
        totalBytes: i * 4096,
        ...(i === 5 ? { resumeState: { uploadUrl: 'https://archive/u/5', offset: 3 } } : {}),
      }),
    );
    db.transaction(() => repo.insertMany(records))();
    for (const r of records) expect(repo.get(r.id)).toEqual(r);
    const order = db.prepare('SELECT message_identifier AS m FROM transfers ORDER BY rowid').all() as { m: string }[];
    expect(order.map((o) => o.m)).toEqual(records.map((r) => r.messageIdentifier));

    // The last chunk refuses a row: the first chunks, written, go with the transaction.
    const again = Array.from({ length: 600 }, (_, i) =>
      newTransferRecord({ profileId, messageIdentifier: i === 599 ? 'SCEAU_TEST_0' : `SCEAU_AUTRE_${i}` }),
    );
    expect(() => db.transaction(() => repo.insertMany(again))()).toThrow(/UNIQUE/);
    expect((db.prepare('SELECT count(*) AS n FROM transfers').get() as { n: number }).n).toBe(records.length);
    db.close();
  });
});
