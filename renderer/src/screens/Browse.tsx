// Versements: the status browser. A virtualized list over listDocuments, paged on demand
// (≤ 1000 per call) as the user scrolls, so it stays smooth at 100,000 documents; filters,
// debounced full-text search, problems first with ONE clear action per row.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DocumentFilter, DocumentSummary } from '../../../main/contract/api';
import { CHANNELS } from '../../../main/contract/api';
import { documentsApi, foldersApi } from '../data/api';
import { useQuery, useTopic } from '../data/query';
import { PageTitle } from '../components/PageTitle';
import { ColumnHeads, DocumentRow } from '../components/browse/DocumentRow';
import { ListTools } from '../components/browse/ListTools';
import { t } from '../i18n/fr';
import { DOCUMENT_STATES, NATURE_CODES, natureLabel } from '../lib/acts';
import { errorMessage } from '../lib/format';
import { useNotifications } from '../stores/notifications';
import { useProfiles } from '../stores/profiles';
import { useBrowse, type Filters, type Sort } from '../stores/browse';
import { useUi } from '../stores/ui';
import { ErrorBanner } from '../components/ErrorBanner';

const PAGE_SIZE = 200;
const ROW_HEIGHT = 84;
/** The contract's orders (listDocuments.sort). */
const SORTS: readonly Sort[] = CHANNELS.listDocuments.shape.sort.unwrap().options;

function toRequest(f: Filters, text: string): Omit<DocumentFilter, 'offset' | 'limit'> {
  const r: Omit<DocumentFilter, 'offset' | 'limit'> = { sort: f.sort };
  if (f.state === 'problems') r.states = ['failed', 'rejected'];
  else {
    const state = DOCUMENT_STATES.find((s) => s === f.state);
    if (state) r.states = [state];
  }
  const nature = NATURE_CODES.find((n) => n === f.nature);
  if (nature) r.nature = nature;
  const year = Number(f.year);
  if (/^\d{4}$/.test(f.year) && year >= 1800 && year <= 2200) r.year = year;
  if (f.profileId) r.profileId = f.profileId;
  if (f.folderId) r.folderId = f.folderId;
  if (text.trim()) r.text = text.trim().slice(0, 200);
  return r;
}

interface Page {
  gen: number;
  rows: DocumentSummary[];
}

export function Browse() {
  const profiles = useProfiles((s) => s.profiles);
  const activeId = useProfiles((s) => s.activeId);
  const openDetail = useUi((s) => s.openDetail);
  const push = useNotifications((s) => s.push);
  const filters = useBrowse((s) => s.filters);
  const setFilters = useBrowse((s) => s.setFilters);
  const [debouncedText, setDebouncedText] = useState(filters.text);
  const folderQuery = useQuery(['folders', filters.profileId], () => foldersApi.list(filters.profileId || null), [
    'folders',
  ]);
  const folders = folderQuery.data ?? [];
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const pages = useRef(new Map<number, Page>());
  const inflight = useRef(new Set<string>());
  const gen = useRef(0);
  /** Bumped only when the filters change: answers to an older request are dropped. */
  const requestGen = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const timer = window.setTimeout(() => setDebouncedText(filters.text), 300);
    return () => window.clearTimeout(timer);
  }, [filters.text]);

  const request = useMemo(() => toRequest(filters, debouncedText), [filters, debouncedText]);
  const requestKey = JSON.stringify(request);

  /**
   * Fetches pages `from`..`to` (consecutive) in ONE query: deep in a large list each query
   * pays for its offset, so the two pages a screen straddles cost one scan, not two.
   */
  const fetchPages = useCallback(
    async (from: number, to: number) => {
      const g = gen.current;
      const rg = requestGen.current;
      // One query per page at a time: under a burst of live changes the answer is kept (as
      // of its generation, refetched later) rather than dropped and asked again.
      const wanted: number[] = [];
      // At most 1,000 rows per call (the contract's limit): five pages.
      for (let p = from; p <= Math.min(to, from + 4); p++) if (!inflight.current.has(`${rg}:${p}`)) wanted.push(p);
      const first = wanted[0];
      const last = wanted[wanted.length - 1];
      if (first === undefined || last === undefined) return;
      for (const p of wanted) inflight.current.add(`${rg}:${p}`);
      try {
        const r = await documentsApi.list({
          ...request,
          offset: first * PAGE_SIZE,
          limit: (last - first + 1) * PAGE_SIZE,
        });
        if (rg !== requestGen.current) return;
        for (let p = first; p <= last; p++) {
          const start = (p - first) * PAGE_SIZE;
          pages.current.set(p, { gen: g, rows: r.rows.slice(start, start + PAGE_SIZE) });
        }
        setTotal(r.total);
        setError(null);
        setTick((n) => n + 1);
      } catch (e) {
        if (rg === requestGen.current) setError(errorMessage(e));
      } finally {
        for (const p of wanted) inflight.current.delete(`${rg}:${p}`);
      }
    },
    // requestKey captures the request's content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [requestKey],
  );

  // New filters: drop everything and start again from the top.
  useEffect(() => {
    gen.current += 1;
    requestGen.current += 1;
    pages.current.clear();
    setTotal(null);
    scrollRef.current?.scrollTo({ top: 0 });
    void fetchPages(0, 0);
  }, [fetchPages]);

  // Live changes: mark pages stale (still shown) so the visible ones get refetched.
  useTopic('documents', () => {
    gen.current += 1;
    setTick((n) => n + 1);
  });

  // The pages a range of rows needs: fetched when missing or stale. Called after each render
  // and straight from the virtualizer's scroll callback (a scroll may not re-render first).
  const fetchRef = useRef(fetchPages);
  fetchRef.current = fetchPages;
  const totalRef = useRef(total);
  totalRef.current = total;
  const ensureRows = useCallback((first: number, last: number) => {
    // Until the first answer, page 0 tells the total; afterwards, the pages on screen.
    const known = totalRef.current !== null;
    const fromPage = known ? Math.floor(first / PAGE_SIZE) : 0;
    const toPage = known ? Math.floor(last / PAGE_SIZE) : 0;
    let runStart: number | null = null;
    for (let p = fromPage; p <= toPage + 1; p++) {
      const page = pages.current.get(p);
      const needed = p <= toPage && (!page || page.gen !== gen.current);
      if (needed && runStart === null) runStart = p;
      if (!needed && runStart !== null) {
        void fetchRef.current(runStart, p - 1);
        runStart = null;
      }
    }
  }, []);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    onChange: (v) => {
      const visible = v.getVirtualItems();
      ensureRows(visible[0]?.index ?? 0, visible[visible.length - 1]?.index ?? 0);
    },
  });
  const items = virtualizer.getVirtualItems();

  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => ensureRows(first, last));

  const rowAt = (index: number): DocumentSummary | undefined =>
    pages.current.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE];

  const acting = useRef(new Set<string>());
  const act = async (kind: 'retry' | 'ignore' | 'force', id: string) => {
    // A second click on the row while its call is on its way (slow link) must not act again.
    if (acting.current.has(id)) return;
    acting.current.add(id);
    try {
      const r =
        kind === 'retry'
          ? await documentsApi.retry([id])
          : kind === 'ignore'
            ? await documentsApi.ignore([id])
            : await documentsApi.force([id]);
      push('success', t('browse.done', { count: r.changed }));
    } catch (e) {
      push('error', errorMessage(e));
    } finally {
      acting.current.delete(id);
    }
  };

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((f) => ({ ...f, [key]: value }));
  const showCommune = filters.profileId === '';
  const profileName = (id: string) => profiles.find((p) => p.id === id)?.name ?? '';
  const filtered = filters.state || filters.nature || filters.year || filters.folderId || debouncedText.trim();

  return (
    <>
      <PageTitle>{t('browse.title')}</PageTitle>
      <form
        className="filters card"
        role="search"
        aria-label={t('browse.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="filters__top">
          <div className="filters__search">
            <label htmlFor="f-text">{t('browse.search')}</label>
            <input
              id="f-text"
              type="search"
              value={filters.text}
              maxLength={200}
              onChange={(e) => set('text', e.target.value)}
            />
          </div>
          <div className="filters__sort">
            <label htmlFor="f-sort">{t('browse.sort')}</label>
            <select
              id="f-sort"
              value={filters.sort}
              onChange={(e) => set('sort', SORTS.find((s) => s === e.target.value) ?? 'problems-first')}
            >
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`browse.sort.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="filters__grid">
          <div>
            <label htmlFor="f-state">{t('browse.state')}</label>
            <select id="f-state" value={filters.state} onChange={(e) => set('state', e.target.value)}>
              <option value="">{t('browse.allStates')}</option>
              <option value="problems">{t('browse.problems')}</option>
              {DOCUMENT_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`state.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-nature">{t('browse.nature')}</label>
            <select id="f-nature" value={filters.nature} onChange={(e) => set('nature', e.target.value)}>
              <option value="">{t('browse.allNatures')}</option>
              {NATURE_CODES.map((n) => (
                <option key={n} value={n}>
                  {natureLabel(n)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-year">{t('browse.year')}</label>
            <input
              id="f-year"
              type="text"
              inputMode="numeric"
              maxLength={4}
              placeholder={t('browse.allYears')}
              value={filters.year}
              onChange={(e) => set('year', e.target.value.replace(/\D/g, ''))}
            />
          </div>
          <div>
            <label htmlFor="f-commune">{t('browse.commune')}</label>
            <select
              id="f-commune"
              value={filters.profileId}
              onChange={(e) => setFilters((f) => ({ ...f, profileId: e.target.value, folderId: '' }))}
            >
              <option value="">{t('browse.allCommunes')}</option>
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-folder">{t('browse.folder')}</label>
            <select id="f-folder" value={filters.folderId} onChange={(e) => set('folderId', e.target.value)}>
              <option value="">{t('browse.allFolders')}</option>
              {folders.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.path}
                </option>
              ))}
            </select>
          </div>
        </div>
      </form>

      <div className="list-head">
        <p className="list-head__count" role="status" aria-live="polite">
          {total === null ? t('common.loading') : t('browse.count', { count: total })}
        </p>
        <div className="actions list-head__tools">
          {filtered ? (
            <button
              type="button"
              className="btn btn--small"
              onClick={() => setFilters((f) => ({ ...f, state: '', nature: '', year: '', folderId: '', text: '' }))}
            >
              {t('browse.reset')}
            </button>
          ) : null}
          <ListTools
            request={request}
            total={total}
            title={`${t('browse.title')} — ${filters.profileId ? profileName(filters.profileId) : t('browse.allCommunesTitle')}`}
          />
        </div>
      </div>
      <ErrorBanner message={error} />
      {total === 0 ? (
        <p className="empty">{filtered || filters.profileId !== activeId ? t('browse.empty') : t('browse.emptyAll')}</p>
      ) : null}

      {total ? <ColumnHeads /> : null}
      <div ref={scrollRef} className="vlist" tabIndex={total ? 0 : -1} aria-label={t('browse.list')} role="region">
        <ul
          className="vlist__inner"
          style={{ height: `${virtualizer.getTotalSize()}px` }}
          aria-label={t('browse.list')}
        >
          {items.map((item) => {
            const d = rowAt(item.index);
            return (
              <li
                key={item.key}
                className="vrow"
                aria-setsize={total ?? 0}
                aria-posinset={item.index + 1}
                style={{ height: `${item.size}px`, transform: `translateY(${item.start}px)` }}
              >
                {d ? (
                  <DocumentRow
                    d={d}
                    communeName={showCommune ? profileName(d.profileId) : ''}
                    onOpen={openDetail}
                    onAct={act}
                  />
                ) : (
                  <span className="muted">{t('browse.rowLoading')}</span>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </>
  );
}
