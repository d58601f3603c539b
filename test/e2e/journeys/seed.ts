// Seeds many documents straight into a data folder's SQLite store (same schema and
// migrations as the app: main/core/store/db.ts), in one transaction: asks nothing of the
// engine. For the status-browser journey (the issue speaks of 100,000 documents).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openDatabase } from '../../../main/core/store/db';

export interface SeedOptions {
  dataDir: string;
  profileId: string;
  count: number;
  /** Index of the one document whose objet is `needle` (to find it by search). */
  needleIndex?: number;
  needle?: string;
}

export interface SeedResult {
  count: number;
  ms: number;
  /** Documents per act year (2020 … 2024). */
  perYear: Record<string, number>;
  /** Documents per state. */
  perState: Record<string, number>;
}

const NATURES = [
  ['DE', 'DEL', 'Délibération'],
  ['AR', 'AR', 'Arrêté'],
  ['CC', 'CONV', 'Convention'],
  ['AI', 'AI', 'Arrêté individuel'],
] as const;

/** Mostly accepted, a few of every state the secretary acts on. */
function stateFor(i: number): { state: string; reason: string | null; missing: string[] } {
  if (i % 997 === 3)
    return {
      state: 'rejected',
      reason: 'Refusé par l’archive : classification hors de l’accord de versement.',
      missing: [],
    };
  if (i % 1009 === 5)
    return { state: 'failed', reason: 'L’archive n’a pas répondu : nouvel essai prévu.', missing: [] };
  if (i % 211 === 7)
    return { state: 'needs_metadata', reason: 'Informations à compléter.', missing: ['classification'] };
  if (i % 53 === 11) return { state: 'ready', reason: null, missing: [] };
  if (i % 1499 === 13) return { state: 'ignored', reason: 'Mis de côté par l’utilisateur.', missing: [] };
  return { state: 'accepted', reason: null, missing: [] };
}

export function seedDocuments(o: SeedOptions): SeedResult {
  const started = Date.now();
  const db = openDatabase(path.join(o.dataDir, 'sceau.db'));
  // One big transaction: a large page cache keeps the indexes (and the trigram index) in memory.
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  const perYear: Record<string, number> = {};
  const perState: Record<string, number> = {};
  try {
    const insert = db.prepare(
      `INSERT INTO documents (id, profile_id, folder_id, source_path, relative_path, file_name, size, mtime_ms,
         fingerprint_alg, fingerprint_hex, vault_path, state, metadata, metadata_source, rule_name, missing_fields,
         role, act_key, parent_id, transfer_id, reason, attempts, next_attempt_at, forced, origin, created_at, updated_at)
       VALUES (?, ?, NULL, ?, ?, ?, ?, ?, 'sha256', ?, ?, ?, ?, 'rules', 'Règle intégrée', ?, 'act', ?, NULL, NULL, ?, 0, NULL, 0, 'watch', ?, ?)`,
    );
    const salt = randomBytes(4).toString('hex');
    const base = Date.parse('2024-12-31T12:00:00Z');
    db.transaction(() => {
      for (let i = 0; i < o.count; i++) {
        const year = 2020 + (i % 5);
        const [nature, code, word] = NATURES[i % NATURES.length] ?? NATURES[0];
        const month = String((i % 12) + 1).padStart(2, '0');
        const day = String((i % 28) + 1).padStart(2, '0');
        const number = String(i + 1);
        const objet = i === o.needleIndex && o.needle ? o.needle : `${word} numéro ${number}`;
        const classification = i % 3 === 0 ? '5.2' : i % 3 === 1 ? '7.1' : '3.4';
        const fileName = `CM ${day}.${month}.${year} - ${code} ${number} - ${objet} (${classification}).pdf`;
        const relative = `${year}/${fileName}`;
        const { state, reason, missing } = stateFor(i);
        const metadata: Record<string, string> = { nature, number, date: `${year}-${month}-${day}`, objet };
        if (!missing.includes('classification')) metadata.classification = classification;
        const at = new Date(base - i * 60_000).toISOString();
        const id = `seed-${salt}-${String(i).padStart(6, '0')}`;
        const hex = (salt + String(i).padStart(56, '0')).slice(0, 64);
        insert.run(
          id,
          o.profileId,
          `/srv/mairie/actes/${relative}`,
          relative,
          fileName,
          20_000 + (i % 5000),
          base - i * 60_000,
          hex,
          `seed/${id}.pdf`,
          state,
          JSON.stringify(metadata),
          JSON.stringify(missing),
          `${nature}|${number}|${year}`,
          reason,
          at,
          at,
        );
        perYear[String(year)] = (perYear[String(year)] ?? 0) + 1;
        perState[state] = (perState[state] ?? 0) + 1;
      }
    }).immediate();
  } finally {
    db.close();
  }
  return { count: o.count, ms: Date.now() - started, perYear, perState };
}

/** The id of the profile the assistant created (the only one, or the one with this name). */
export function profileIdByName(dataDir: string, name: string): string {
  const db = openDatabase(path.join(dataDir, 'sceau.db'));
  try {
    const row = db.prepare('SELECT id FROM profiles WHERE name = ?').get(name) as { id: string } | undefined;
    if (!row) throw new Error(`commune « ${name} » introuvable dans la base`);
    return row.id;
  } finally {
    db.close();
  }
}
