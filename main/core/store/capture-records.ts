// Queries of the intake path (capture/): what is already sealed from a path, the same
// content already known, and the act ↔ annex links. Kept here so capture/ holds no SQL.
import type { Db } from './db';
import { documentFromRow, type DocumentRecord } from './documents';
import { stmt } from './statements';

type DocumentRow = Parameters<typeof documentFromRow>[0];

/** Values per IN (…) list: well under SQLite's variable limit. */
const IN_CHUNK = 500;

export interface LatestSeal {
  id: string;
  state: string;
  size: number;
  mtimeMs: number;
}

export function latestKey(relativePath: string, sourcePath: string): string {
  return `${relativePath}\u0000${sourcePath}`;
}

export class CaptureRecordRepository {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /**
   * The last document sealed from this path under this relative path: the (profile_id,
   * source_path) index narrows it to a row or two.
   */
  latestSeal(profileId: string, relativePath: string, sourcePath: string): LatestSeal | undefined {
    const row = stmt(
      this.db,
      'SELECT id, state, size, mtime_ms FROM documents WHERE profile_id = ? AND relative_path = ? AND source_path = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
    ).get(profileId, relativePath, sourcePath) as
      { id: string; state: string; size: number; mtime_ms: number } | undefined;
    return row && { id: row.id, state: row.state, size: row.size, mtimeMs: row.mtime_ms };
  }

  /**
   * latestSeal for these files at once (one query per few hundred paths, on the
   * (profile_id, source_path) index), keyed by latestKey(relativePath, sourcePath).
   */
  latestSealsOf(profileId: string, files: ReadonlyArray<{ path: string }>): Map<string, LatestSeal> {
    const map = new Map<string, LatestSeal>();
    const unique = [...new Set(files.map((f) => f.path))];
    for (let i = 0; i < unique.length; i += IN_CHUNK) {
      const part = unique.slice(i, i + IN_CHUNK);
      const rows = stmt(
        this.db,
        `SELECT id, state, size, mtime_ms, relative_path, source_path FROM documents
         WHERE profile_id = ? AND source_path IN (${part.map(() => '?').join(',')}) ORDER BY created_at, rowid`,
      ).all(profileId, ...part) as Array<{
        id: string;
        state: string;
        size: number;
        mtime_ms: number;
        relative_path: string;
        source_path: string;
      }>;
      for (const r of rows)
        map.set(latestKey(r.relative_path, r.source_path), {
          id: r.id,
          state: r.state,
          size: r.size,
          mtimeMs: r.mtime_ms,
        });
    }
    return map;
  }

  /**
   * Same content already known in this profile. `+profile_id` keeps SQLite on the fingerprint
   * index: left alone, the planner picks documents_profile_year (profile_id only) and scans
   * the whole profile for every sealed file, which made intake quadratic.
   */
  byFingerprint(profileId: string, hex: string): DocumentRecord[] {
    const rows = stmt(
      this.db,
      'SELECT * FROM documents WHERE fingerprint_hex = ? AND +profile_id = ? ORDER BY created_at',
    ).all(hex, profileId) as DocumentRow[];
    return rows.map(documentFromRow);
  }

  /**
   * Of these fingerprints, those already known in the profile: one query per chunk of a
   * batch (a set lookup), so a batch of new files costs no per-file query.
   */
  knownFingerprints(profileId: string, hexes: readonly string[]): Set<string> {
    const known = new Set<string>();
    const unique = [...new Set(hexes)];
    for (let i = 0; i < unique.length; i += IN_CHUNK) {
      const part = unique.slice(i, i + IN_CHUNK);
      const rows = stmt(
        this.db,
        `SELECT DISTINCT fingerprint_hex AS h FROM documents WHERE fingerprint_hex IN (${part.map(() => '?').join(',')}) AND +profile_id = ?`,
      ).all(...part, profileId) as Array<{ h: string }>;
      for (const r of rows) known.add(r.h);
    }
    return known;
  }

  /** Of these act keys, those already used in the profile (one query per chunk). */
  knownActKeys(profileId: string, keys: readonly string[]): Set<string> {
    const known = new Set<string>();
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += IN_CHUNK) {
      const part = unique.slice(i, i + IN_CHUNK);
      const rows = stmt(
        this.db,
        `SELECT DISTINCT act_key AS k FROM documents WHERE profile_id = ? AND act_key IN (${part.map(() => '?').join(',')})`,
      ).all(profileId, ...part) as Array<{ k: string }>;
      for (const r of rows) known.add(r.k);
    }
    return known;
  }

  /** An act arrived: its annexes/signatures already known and unlinked become its children. */
  adoptChildren(actId: string, profileId: string, actKey: string): void {
    stmt(
      this.db,
      "UPDATE documents SET parent_id = ? WHERE profile_id = ? AND act_key = ? AND role != 'act' AND parent_id IS NULL AND id != ?",
    ).run(actId, profileId, actKey, actId);
  }
}
