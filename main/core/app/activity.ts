// The activity feed: what happened, in one French line each, fed from the event bus — files
// that arrived and were sealed (one line per folder or drop, counting), sent, archived,
// refused, the connection lost and back. Events are buffered and written in one transaction
// (a 10 000-file drop must not cost 10 000 more commits), and the table is pruned.
import path from 'node:path';
import type { ActivityView } from '../../contract/api';
import type { CoreEvent, EventBus } from '../events';
import { ActivityRepository, type ActivityRow } from '../store/activity';
import type { Db } from '../store/db';
import type { DocumentRepository } from '../store/documents';
import { documentBriefs, type DocumentBrief } from '../store/document-briefs';
import type { ProfileRepository } from '../store/profiles';
import type { WatchedFolderRepository } from '../store/watched-folders';

export interface ActivityOptions {
  /** Rows older than this go (default 90 days). */
  maxAgeMs?: number;
  /** At most this many rows are kept (default 10 000). */
  maxRows?: number;
  /** Files arriving within this delay of the last one join its line (default 2 minutes). */
  groupWindowMs?: number;
  /** Buffered events are written after this delay (default 500 ms). */
  flushDelayMs?: number;
  now?: () => number;
}

type Grouped = 'sealed' | 'completed' | 'sent' | 'accepted';

/** A group line of the current flush, grown in memory and written once at its end. */
interface OpenGroup {
  id: number;
  count: number;
  text: string;
  at: string;
  dirty: boolean;
}

const GROUPED_TEXT: Record<Grouped, (n: number, where: string) => string> = {
  sealed: (n, where) => `${n === 1 ? '1 fichier reçu et scellé' : `${n} fichiers reçus et scellés`}${where}`,
  completed: (n) => (n === 1 ? '1 document complété : prêt à verser' : `${n} documents complétés : prêts à verser`),
  sent: (n) => (n === 1 ? '1 document envoyé à l’archive' : `${n} documents envoyés à l’archive`),
  accepted: (n) => (n === 1 ? '1 document archivé' : `${n} documents archivés`),
};

export class ActivityFeed {
  private readonly repo: ActivityRepository;
  private queue: CoreEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private writes = 0;
  private readonly o: Required<ActivityOptions>;

  constructor(
    private readonly db: Db,
    private readonly deps: {
      documents: DocumentRepository;
      folders: WatchedFolderRepository;
      profiles: ProfileRepository;
    },
    options: ActivityOptions = {},
  ) {
    this.repo = new ActivityRepository(db);
    this.o = {
      maxAgeMs: options.maxAgeMs ?? 90 * 24 * 3600_000,
      maxRows: options.maxRows ?? 10_000,
      groupWindowMs: options.groupWindowMs ?? 120_000,
      flushDelayMs: options.flushDelayMs ?? 500,
      now: options.now ?? Date.now,
    };
  }

  attach(bus: EventBus): void {
    this.unsubscribe ??= bus.on((e) => this.onEvent(e));
  }

  /** Writes what is buffered and stops listening (before the database closes). */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.flush();
  }

  onEvent(e: CoreEvent): void {
    const wanted =
      (e.type === 'document.state' &&
        (['sealed', 'sent', 'accepted', 'rejected'].includes(e.to) ||
          // Completed: the missing information was filled in (not a ready file just sealed).
          (e.to === 'ready' && e.from === 'needs_metadata'))) ||
      e.type === 'connectivity';
    if (!wanted) return;
    this.queue.push(e);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.o.flushDelayMs);
      this.timer.unref();
    }
  }

  /** Newest first; reads what is buffered too. */
  list(filter: { profileId?: string; before?: number; limit: number }): {
    rows: ActivityView[];
    nextBefore: number | null;
  } {
    this.flush();
    const rows = this.repo.page({ ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    return {
      rows: page.map(view),
      nextBefore: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.db.transaction(() => {
      // The batch's documents in one read; a group grown by many events is written once.
      // Only the names and folders: a whole row per document was most of a 10k drop's feed.
      const docs = documentBriefs(
        this.db,
        batch.flatMap((e) => (e.type === 'document.state' ? [e.documentId] : [])),
      );
      const grown = new Map<string, OpenGroup>();
      const now = this.o.now();
      const times = { at: new Date(now).toISOString(), since: new Date(now - this.o.groupWindowMs).toISOString() };
      for (const e of batch) this.record(e, docs, grown, times);
      for (const g of grown.values()) if (g.dirty) this.repo.grow(g.id, g.count, g.text, g.at);
      this.writes += batch.length;
      if (this.writes >= 500) {
        this.writes = 0;
        this.prune();
      }
    })();
  }

  /** Drops what is too old or beyond the row limit; also run at start. */
  prune(): number {
    return this.repo.prune(new Date(this.o.now() - this.o.maxAgeMs).toISOString(), this.o.maxRows);
  }

  private record(
    e: CoreEvent,
    docs: Map<string, DocumentBrief>,
    grown: Map<string, OpenGroup>,
    { at, since }: { at: string; since: string },
  ): void {
    if (e.type === 'connectivity') {
      const kind = e.reachable ? 'connection.back' : 'connection.lost';
      const last = this.repo.lastOfKinds(e.profileId, ['connection.back', 'connection.lost']);
      // Only changes: the first « back » of a session that never lost the link says nothing.
      if (last ? last.kind === kind : e.reachable) return;
      const commune = this.deps.profiles.get(e.profileId)?.name;
      const who = commune ? ` (${commune})` : '';
      const text = e.reachable
        ? `Connexion à l’archive rétablie${who} : les envois reprennent.`
        : `Connexion à l’archive perdue${who} : les documents attendent et partiront d’eux-mêmes.`;
      this.repo.insert({ at, kind, profileId: e.profileId, text });
      return;
    }
    if (e.type !== 'document.state') return;
    const d = docs.get(e.documentId);
    const name = d ? `« ${d.fileName} »` : 'Un document';
    if (e.to === 'rejected') {
      const why = e.reason ? ` : ${e.reason.replace(/\s+/g, ' ').slice(0, 300)}` : '.';
      this.repo.insert({
        at,
        kind: 'rejected',
        profileId: e.profileId,
        documentId: e.documentId,
        text: `${name} refusé par l’archive${why}`,
      });
      return;
    }
    const kind: Grouped = e.to === 'ready' ? 'completed' : (e.to as Grouped);
    const folderId = kind === 'sealed' ? (d?.folderId ?? null) : null;
    const folder = folderId ? this.deps.folders.get(folderId) : null;
    const where = kind === 'sealed' ? (folder ? ` — dossier « ${path.basename(folder.path)} »` : ' — dépôt') : '';
    const groupKey = `${kind}:${e.profileId}:${folderId ?? (kind === 'sealed' ? 'drop' : '')}`;
    let open = grown.get(groupKey);
    if (!open) {
      const row = this.repo.openGroup(groupKey, since);
      if (row) grown.set(groupKey, (open = { id: row.id, count: row.count, text: row.text, at, dirty: false }));
    }
    if (open) {
      open.count++;
      open.text = GROUPED_TEXT[kind](open.count, where);
      open.at = at;
      open.dirty = true;
      return;
    }
    const single =
      kind === 'sealed'
        ? `${name} reçu et scellé${where}`
        : kind === 'completed'
          ? `${name} complété : prêt à verser`
          : kind === 'sent'
            ? `${name} envoyé à l’archive`
            : `${name} archivé (accepté par l’archive)`;
    const id = this.repo.insert({
      at,
      kind,
      profileId: e.profileId,
      folderId,
      documentId: e.documentId,
      groupKey,
      text: single,
    });
    grown.set(groupKey, { id, count: 1, text: single, at, dirty: false });
  }
}

function view(r: ActivityRow): ActivityView {
  return {
    id: r.id,
    at: r.at,
    updatedAt: r.updatedAt,
    kind: r.kind as ActivityView['kind'],
    profileId: r.profileId,
    folderId: r.folderId,
    documentId: r.documentId,
    count: r.count,
    text: r.text,
  };
}
