import { stmt } from './statements';
import type { Db } from './db';

/** Key → JSON value store for app-wide settings. */
export class SettingsRepository {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  get<T>(key: string): T | undefined;
  get<T>(key: string, fallback: T): T;
  get<T>(key: string, fallback?: T): T | undefined {
    const r = stmt(this.db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!r) return fallback;
    try {
      return JSON.parse(r.value) as T;
    } catch {
      return fallback;
    }
  }

  set(key: string, value: unknown): void {
    stmt(
      this.db,
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ).run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    stmt(this.db, 'DELETE FROM settings WHERE key = ?').run(key);
  }

  all(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const r of stmt(this.db, 'SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>) {
      try {
        out[r.key] = JSON.parse(r.value);
      } catch {
        // unreadable value: skip
      }
    }
    return out;
  }
}
