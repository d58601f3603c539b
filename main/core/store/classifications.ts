// Per-collectivité classification (the prefecture's list), one row per profile.
import { stmt } from './statements';
import type { Db } from './db';
import { nowIso, parseJson } from './ids';
import type { ClassificationEntry } from '../acts/classification';

export interface StoredClassification {
  profileId: string;
  fileName: string;
  date: string | null;
  importedAt: string;
  entries: ClassificationEntry[];
}

interface Row {
  profile_id: string;
  file_name: string;
  classification_date: string | null;
  imported_at: string;
  entries: string;
}

export class ClassificationRepository {
  private readonly db: Db;
  /**
   * Parsed lists by profile (the form searches on every keystroke), checked against the
   * row's import time on each read: the CLI may import into the same database meanwhile.
   */
  private readonly cache = new Map<string, StoredClassification>();

  constructor(db: Db) {
    this.db = db;
  }

  get(profileId: string): StoredClassification | null {
    const head = stmt(this.db, 'SELECT imported_at FROM classifications WHERE profile_id = ?').get(profileId) as
      { imported_at: string } | undefined;
    if (!head) {
      this.cache.delete(profileId);
      return null;
    }
    const cached = this.cache.get(profileId);
    if (cached && cached.importedAt === head.imported_at) return cached;
    const r = stmt(this.db, 'SELECT * FROM classifications WHERE profile_id = ?').get(profileId) as Row | undefined;
    if (!r) return null;
    const value: StoredClassification = {
      profileId: r.profile_id,
      fileName: r.file_name,
      date: r.classification_date,
      importedAt: r.imported_at,
      entries: parseJson<ClassificationEntry[]>(r.entries, []),
    };
    this.cache.set(profileId, value);
    return value;
  }

  set(profileId: string, fileName: string, date: string | null, entries: ClassificationEntry[]): StoredClassification {
    const importedAt = nowIso();
    stmt(
      this.db,
      `INSERT INTO classifications (profile_id, file_name, classification_date, imported_at, entries) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(profile_id) DO UPDATE SET file_name = excluded.file_name, classification_date = excluded.classification_date,
         imported_at = excluded.imported_at, entries = excluded.entries`,
    ).run(profileId, fileName, date, importedAt, JSON.stringify(entries));
    this.cache.delete(profileId);
    return this.get(profileId)!;
  }

  clear(profileId: string): void {
    stmt(this.db, 'DELETE FROM classifications WHERE profile_id = ?').run(profileId);
    this.cache.delete(profileId);
  }
}
