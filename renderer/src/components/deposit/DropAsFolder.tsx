// The latest drop, when it brought folders: its documents can leave as ONE folder deposit
// (a procurement file, a year of registers), with a checkbox per document.
import { useEffect, useMemo, useState } from 'react';
import { documentsApi } from '../../data/api';
import { useQuery } from '../../data/query';
import { t } from '../../i18n/fr';
import { commonFolderName } from '../../lib/acts';
import { folderDropDocs } from '../../lib/deposit';
import { useDocuments } from '../../stores/documents';
import { FolderDepositDialog, type FolderOutcome } from '../FolderDepositDialog';
import { StateBadge } from '../StateBadge';

/** The latest drop, when it brought folders: its documents can leave as ONE folder deposit. */
export function DropAsFolder({ profileId }: { profileId: string }) {
  const ids = useDocuments((s) => s.lastDrop[profileId]);
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [dialogOpen, setDialogOpen] = useState(false);
  const [outcome, setOutcome] = useState<FolderOutcome | null>(null);

  // A new drop: everything selected again, the previous outcome forgotten.
  useEffect(() => {
    setExcluded(new Set());
    setOutcome(null);
  }, [ids]);

  const query = useQuery(
    ids && ids.length > 0 ? ['drop-folder', profileId, ids] : null,
    async () => {
      const r = await documentsApi.list({
        profileId,
        states: ['ready', 'needs_metadata'],
        sort: 'newest',
        limit: 1000,
      });
      return folderDropDocs(ids ?? [], r.rows);
    },
    ['documents'],
  );
  const docs = query.data ?? null;

  const selected = useMemo(() => (docs ?? []).filter((d) => !excluded.has(d.id)), [docs, excluded]);
  const allSelected = docs !== null && docs.length > 0 && selected.length === docs.length;
  const someSelected = selected.length > 0 && !allSelected;
  const selectAllRef = useMemo(
    () => (el: HTMLInputElement | null) => {
      if (el) el.indeterminate = someSelected;
    },
    [someSelected],
  );
  const defaultTitle = useMemo(() => commonFolderName(selected.map((d) => d.relativePath)), [selected]);

  if ((docs === null || docs.length === 0) && !outcome) return null;

  const toggle = (id: string) =>
    setExcluded((x) => {
      const n = new Set(x);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <section className="card" aria-labelledby="drop-folder-title">
      <h2 id="drop-folder-title">{t('deposit.folderTitle')}</h2>
      {docs && docs.length > 0 ? (
        <>
          <p className="muted">{t('deposit.folderIntro')}</p>
          <div className="toolbar">
            <div className="check">
              <input
                id="drop-folder-all"
                type="checkbox"
                ref={selectAllRef}
                checked={allSelected}
                onChange={() => setExcluded(allSelected ? new Set(docs.map((d) => d.id)) : new Set())}
              />
              <label htmlFor="drop-folder-all">{t('deposit.folderSelectAll')}</label>
            </div>
            <span className="muted" role="status">
              {t('queue.selected', { count: selected.length })}
            </span>
            <div className="actions actions--inline">
              <button
                type="button"
                className="btn btn--primary"
                disabled={selected.length === 0}
                onClick={() => setDialogOpen(true)}
              >
                {t('folder.action')}
              </button>
            </div>
          </div>
          <ul className="doc-list doc-list--scroll" aria-label={t('deposit.folderList')}>
            {docs.map((d) => (
              <li key={d.id} className="doc-list__item doc-list__item--folder">
                <input
                  id={`fsel-${d.id}`}
                  type="checkbox"
                  checked={!excluded.has(d.id)}
                  onChange={() => toggle(d.id)}
                />
                <label htmlFor={`fsel-${d.id}`} className="doc-list__name">
                  {d.relativePath}
                </label>
                <StateBadge state={d.state} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div role="status" aria-live="polite">
        {outcome ? (
          <div className={`banner banner--${outcome.tone}`}>
            {outcome.lines.map((l, i) => (
              <p key={i}>{l}</p>
            ))}
          </div>
        ) : null}
      </div>
      <FolderDepositDialog
        open={dialogOpen}
        ids={selected.map((d) => d.id)}
        defaultTitle={defaultTitle}
        onClose={() => setDialogOpen(false)}
        onDone={(o) => {
          setDialogOpen(false);
          setOutcome(o);
        }}
      />
    </section>
  );
}
