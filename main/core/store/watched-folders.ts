import type { Db } from './db';
import { nowIso, parseJson, uuidv7 } from './ids';

export type WatchMode = 'auto' | 'native' | 'polling';

export interface WatchedFolder {
  id: string;
  profileId: string;
  path: string;
  mode: WatchMode;
  /** Relative sub-folder globs never captured (e.g. "Brouillons", "*\/old"). */
  exclusions: string[];
  enabled: boolean;
  createdAt: string;
}

interface Row {
  id: string;
  profile_id: string;
  path: string;
  mode: WatchMode;
  exclusions: string;
  enabled: number;
  created_at: string;
}

function fromRow(r: Row): WatchedFolder {
  return {
    id: r.id,
    profileId: r.profile_id,
    path: r.path,
    mode: r.mode,
    exclusions: parseJson<string[]>(r.exclusions, []),
    enabled: r.enabled === 1,
    createdAt: r.created_at,
  };
}

export class WatchedFolderRepository {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  add(input: {
    profileId: string;
    path: string;
    mode?: WatchMode;
    exclusions?: string[];
    enabled?: boolean;
    id?: string;
  }): WatchedFolder {
    const f: WatchedFolder = {
      id: input.id ?? uuidv7(),
      profileId: input.profileId,
      path: input.path,
      mode: input.mode ?? 'auto',
      exclusions: input.exclusions ?? [],
      enabled: input.enabled ?? true,
      createdAt: nowIso(),
    };
    this.db
      .prepare(
        'INSERT INTO watched_folders (id, profile_id, path, mode, exclusions, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(f.id, f.profileId, f.path, f.mode, JSON.stringify(f.exclusions), f.enabled ? 1 : 0, f.createdAt);
    return f;
  }

  get(id: string): WatchedFolder | null {
    const r = this.db.prepare('SELECT * FROM watched_folders WHERE id = ?').get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  list(profileId?: string): WatchedFolder[] {
    const rows = (
      profileId
        ? this.db.prepare('SELECT * FROM watched_folders WHERE profile_id = ? ORDER BY path').all(profileId)
        : this.db.prepare('SELECT * FROM watched_folders ORDER BY path').all()
    ) as Row[];
    return rows.map(fromRow);
  }

  update(id: string, patch: Partial<Pick<WatchedFolder, 'mode' | 'exclusions' | 'enabled' | 'path'>>): WatchedFolder {
    const f = this.get(id);
    if (!f) throw new Error(`Dossier surveillé introuvable : ${id}`);
    const n = { ...f, ...patch };
    this.db
      .prepare('UPDATE watched_folders SET path = ?, mode = ?, exclusions = ?, enabled = ? WHERE id = ?')
      .run(n.path, n.mode, JSON.stringify(n.exclusions), n.enabled ? 1 : 0, id);
    return n;
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM watched_folders WHERE id = ?').run(id);
  }
}
