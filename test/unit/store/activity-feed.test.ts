// The activity feed on a real SQLite store: connection lost/back lines only on a change,
// batches counted in one line, and the table bounded by age and by count.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityFeed } from '../../../main/core/app/activity';
import { openDatabase, type Db } from '../../../main/core/store/db';
import { ActivityRepository } from '../../../main/core/store/activity';
import { DocumentRepository } from '../../../main/core/store/documents';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { WatchedFolderRepository } from '../../../main/core/store/watched-folders';

let dir: string;
let db: Db;
let clock: number;
let feed: ActivityFeed;
let profileId: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sceau-activity-unit-'));
  db = openDatabase(path.join(dir, 'sceau.db'));
  clock = Date.parse('2026-03-01T09:00:00Z');
  const profiles = new ProfileRepository(db);
  profileId = profiles.create({
    name: 'Commune de Plouguerneau',
    siren: '212901956',
    archiveKind: 'demo',
    endpoints: [],
    sedaVersion: '2.1',
    archivalAgencyId: '',
    transferringAgencyId: '',
    originatingAgencyId: '',
    submissionAgencyId: '',
    archivalAgreement: '',
    archivalProfile: '',
    vitamTenant: null,
    vitamContext: null,
    login: '',
    tls: {},
    rules: [],
  }).id;
  feed = new ActivityFeed(
    db,
    { documents: new DocumentRepository(db), folders: new WatchedFolderRepository(db), profiles },
    { now: () => clock, maxRows: 50, maxAgeMs: 90 * 24 * 3600_000 },
  );
});

afterEach(() => {
  feed.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const connectivity = (reachable: boolean) =>
  ({ type: 'connectivity', profileId, reachable, message: '', at: new Date(clock).toISOString() }) as const;

describe('fil d’activité', () => {
  it('la connexion perdue puis rétablie : une ligne par changement, rien au premier contact', () => {
    feed.onEvent(connectivity(true));
    feed.onEvent(connectivity(false));
    feed.onEvent(connectivity(false));
    feed.onEvent(connectivity(true));
    feed.onEvent(connectivity(true));
    const { rows } = feed.list({ limit: 10 });
    expect(rows.map((r) => r.kind)).toEqual(['connection.back', 'connection.lost']);
    expect(rows[1]?.text).toBe(
      'Connexion à l’archive perdue (Commune de Plouguerneau) : les documents attendent et partiront d’eux-mêmes.',
    );
    expect(rows[0]?.text).toMatch(/^Connexion à l’archive rétablie/);
  });

  it('les arrivées proches se comptent sur une ligne, une arrivée plus tardive en ouvre une autre', () => {
    const sealed = (n: number) =>
      ({ type: 'document.state', documentId: `d${n}`, profileId, from: 'detected', to: 'sealed', at: '' }) as const;
    feed.onEvent(sealed(1));
    feed.onEvent(sealed(2));
    feed.flush();
    clock += 30_000;
    feed.onEvent(sealed(3));
    feed.flush();
    clock += 10 * 60_000;
    feed.onEvent(sealed(4));
    const { rows } = feed.list({ limit: 10 });
    expect(rows.map((r) => [r.count, r.text])).toEqual([
      [1, 'Un document reçu et scellé — dépôt'],
      [3, '3 fichiers reçus et scellés — dépôt'],
    ]);
  });

  it('reste borné : les lignes trop anciennes et au-delà du plafond partent', () => {
    const repo = new ActivityRepository(db);
    const old = new Date(clock - 91 * 24 * 3600_000).toISOString();
    repo.insert({ at: old, kind: 'sent', profileId, text: 'ancien' });
    for (let i = 0; i < 80; i++)
      repo.insert({ at: new Date(clock + i).toISOString(), kind: 'sent', profileId, text: `ligne ${i}` });
    expect(repo.count()).toBe(81);
    expect(feed.prune()).toBe(31);
    expect(repo.count()).toBe(50);
    const { rows } = feed.list({ limit: 200 });
    expect(rows[0]?.text).toBe('ligne 79');
    expect(rows.at(-1)?.text).toBe('ligne 30');
  });
});
