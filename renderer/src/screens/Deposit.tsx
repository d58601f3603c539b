// Déposer: drop zone for files and folders, seal progress, a dropped folder offered as ONE
// folder deposit, then the metadata of each document (« à compléter » first).
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { DocumentSummary } from '../../../main/contract/api';
import { sceau } from '../bridge';
import { FolderDepositDialog, type FolderOutcome } from '../components/FolderDepositDialog';
import { MetadataForm } from '../components/MetadataForm';
import { PageTitle } from '../components/PageTitle';
import { Progress } from '../components/Progress';
import { StateBadge } from '../components/StateBadge';
import { t, type MessageKey } from '../i18n/fr';
import { commonFolderName } from '../lib/acts';
import { collectDropped } from '../lib/drop';
import { errorMessage, formatBytes } from '../lib/format';
import { useDocuments } from '../stores/documents';
import { useActiveProfile } from '../stores/profiles';
import { useUi } from '../stores/ui';
import { ErrorBanner } from '../components/ErrorBanner';

interface IntakeResult {
  accepted: number;
  documentIds: string[];
  ignored: { path: string; reason: string }[];
}

const RECENT_MAX = 100;

const FIELD_LABEL: Record<string, MessageKey> = {
  nature: 'field.nature',
  number: 'field.number',
  date: 'field.date',
  objet: 'field.objet',
  classification: 'field.classification',
};

export function missingText(missing: string[]): string {
  return missing.map((m) => (FIELD_LABEL[m] ? t(FIELD_LABEL[m]) : m).toLowerCase()).join(', ');
}

export function Deposit() {
  const profile = useActiveProfile();
  const version = useDocuments((s) => s.version);
  const dropped = useDocuments((s) => (profile ? s.dropped[profile.id] : undefined));
  const sealing = useDocuments((s) => s.sealing);
  const openDetail = useUi((s) => s.openDetail);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<IntakeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [toComplete, setToComplete] = useState<DocumentSummary[] | null>(null);
  const [recent, setRecent] = useState<DocumentSummary[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    folderInput.current?.setAttribute('webkitdirectory', '');
    folderInput.current?.setAttribute('directory', '');
  }, []);

  useEffect(() => {
    if (!profile) return;
    let cancelled = false;
    (async () => {
      try {
        const ids = (dropped ?? []).slice(0, RECENT_MAX);
        const [a, b] = await Promise.all([
          sceau.listDocuments({ profileId: profile.id, states: ['needs_metadata'], sort: 'oldest', limit: 200 }),
          ids.length > 0
            ? sceau.listDocuments({ profileId: profile.id, sort: 'newest', limit: 500 })
            : Promise.resolve({ total: 0, rows: [] }),
        ]);
        // The documents of this session's drops (documentIds), newest drop first; one found
        // again among older documents is fetched on its own.
        const byId = new Map(b.rows.map((d) => [d.id, d]));
        const missing = ids.filter((id) => !byId.has(id)).slice(0, 20);
        const extra = await Promise.all(missing.map((id) => sceau.getDocument({ id }).catch(() => null)));
        for (const d of extra) if (d) byId.set(d.id, d);
        if (cancelled) return;
        setToComplete(a.rows);
        setRecent(
          ids
            .map((id) => byId.get(id))
            .filter((d): d is DocumentSummary => d !== undefined && d.state !== 'needs_metadata'),
        );
      } catch (e) {
        if (!cancelled) setError(errorMessage(e));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [profile, version, dropped]);

  const intake = async (files: File[]) => {
    if (!profile) {
      setError(t('deposit.noProfile'));
      return;
    }
    if (files.length === 0) return;
    setError(null);
    setResult(null);
    const sending = t('deposit.sending', { count: files.length });
    setBusy(sending);
    try {
      const r = await sceau.intakeFiles(profile.id, files);
      setResult(r);
      useDocuments.getState().addDropped(profile.id, r.documentIds);
      useDocuments.getState().bump();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const pending = collectDropped(e.dataTransfer);
    setBusy(t('deposit.reading'));
    void pending.then(intake, (err: unknown) => {
      setBusy(null);
      setError(errorMessage(err));
    });
  };

  const sealingList = Object.values(sealing);

  return (
    <>
      <PageTitle>{t('deposit.title')}</PageTitle>
      <div
        className={`dropzone${dragging ? ' dropzone--over' : ''}`}
        role="region"
        aria-labelledby="dropzone-title"
        aria-describedby="dropzone-hint"
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p id="dropzone-title" className="dropzone__title">
          {t('deposit.drop')}
        </p>
        <p id="dropzone-hint" className="muted">
          {t('deposit.dropHint')}
        </p>
        <div className="actions actions--center">
          <button type="button" className="btn btn--primary" onClick={() => filesInput.current?.click()}>
            {t('deposit.chooseFiles')}
          </button>
          <button type="button" className="btn" onClick={() => folderInput.current?.click()}>
            {t('deposit.chooseFolder')}
          </button>
        </div>
        <input
          ref={filesInput}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          aria-label={t('deposit.chooseFiles')}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            void intake(files);
          }}
        />
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          aria-label={t('deposit.chooseFolder')}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            void intake(files);
          }}
        />
      </div>

      <div role="status" aria-live="polite" className="intake-status">
        {busy ? <p className="banner banner--info">{busy}</p> : null}
        {result ? (
          <div className={`banner ${result.ignored.length > 0 ? 'banner--warning' : 'banner--success'}`}>
            <p>{t('deposit.accepted', { count: result.accepted })}</p>
            {result.ignored.length > 0 ? (
              <>
                <p>{t('deposit.ignored', { count: result.ignored.length })}</p>
                <ul>
                  {result.ignored.slice(0, 50).map((i) => (
                    <li key={i.path}>
                      <strong>{i.path.split(/[\\/]/).pop() || i.path}</strong> — {i.reason}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ) : null}
      </div>
      <ErrorBanner message={error} />

      {profile ? <DropAsFolder profileId={profile.id} /> : null}

      {sealingList.length > 0 ? (
        <section className="card" aria-labelledby="sealing-title">
          <h2 id="sealing-title">{t('deposit.sealing')}</h2>
          {sealingList.map((f) => {
            const name = f.path.split(/[\\/]/).pop() ?? f.path;
            return (
              <Progress
                key={f.path}
                label={t('deposit.sealProgress', { name })}
                value={f.bytes}
                max={f.totalBytes}
                detail={`${formatBytes(f.bytes)} / ${formatBytes(f.totalBytes)}`}
              />
            );
          })}
        </section>
      ) : null}

      <section className="card" aria-labelledby="tocomplete-title">
        <h2 id="tocomplete-title">
          {t('deposit.toComplete')}
          {toComplete && toComplete.length > 0 ? ` (${toComplete.length})` : ''}
        </h2>
        {toComplete === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : toComplete.length === 0 ? (
          <p className="muted">{t('deposit.noneToComplete')}</p>
        ) : (
          <>
            <p className="muted">{t('deposit.toCompleteIntro')}</p>
            <ul className="doc-items">
              {toComplete.map((d) => {
                const expanded = open === d.id;
                return (
                  <li key={d.id} className="doc-item">
                    <div className="doc-item__row">
                      <button
                        type="button"
                        className="disclosure"
                        aria-expanded={expanded}
                        aria-controls={`doc-form-${d.id}`}
                        onClick={() => setOpen(expanded ? null : d.id)}
                      >
                        <span aria-hidden="true" className="disclosure__chevron">
                          {expanded ? '▾' : '▸'}
                        </span>
                        <span className="sr-only">{t('deposit.edit', { name: '' })}</span>
                        {d.fileName}
                      </button>
                      {d.role !== 'act' ? <span className="tag">{t(`role.${d.role}`)}</span> : null}
                      <StateBadge state={d.state} />
                      {d.missing.length > 0 ? (
                        <span className="muted">{t('deposit.missing', { fields: missingText(d.missing) })}</span>
                      ) : null}
                    </div>
                    {expanded ? (
                      <div id={`doc-form-${d.id}`} className="doc-item__form">
                        <MetadataForm documentId={d.id} />
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{t('deposit.recent')}</h2>
        {recent === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : recent.length === 0 ? (
          <p className="muted">{t('deposit.none')}</p>
        ) : (
          <ul className="doc-list">
            {recent.map((d) => (
              <li
                key={d.id}
                className={`doc-list__item doc-list__item--recent${d.parentId ? ' doc-list__item--child' : ''}`}
              >
                <span className="doc-list__name">
                  {d.fileName}
                  {d.role !== 'act' ? <span className="tag">{t(`role.${d.role}`)}</span> : null}
                </span>
                <span className="muted">{d.metadata.objet ?? ''}</span>
                <StateBadge state={d.state} />
                <button type="button" className="btn btn--small" onClick={() => openDetail(d.id)}>
                  {t('deposit.open')}
                  <span className="sr-only"> {d.fileName}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** The latest drop, when it brought folders: its documents can leave as ONE folder deposit. */
function DropAsFolder({ profileId }: { profileId: string }) {
  const version = useDocuments((s) => s.version);
  const ids = useDocuments((s) => s.lastDrop[profileId]);
  const [docs, setDocs] = useState<DocumentSummary[] | null>(null);
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [dialogOpen, setDialogOpen] = useState(false);
  const [outcome, setOutcome] = useState<FolderOutcome | null>(null);

  // A new drop: everything selected again, the previous outcome forgotten.
  useEffect(() => {
    setExcluded(new Set());
    setOutcome(null);
  }, [ids]);

  useEffect(() => {
    if (!ids || ids.length === 0) {
      setDocs(null);
      return;
    }
    let cancelled = false;
    const wanted = new Set(ids);
    sceau
      .listDocuments({ profileId, states: ['ready', 'needs_metadata'], sort: 'newest', limit: 1000 })
      .then((r) => {
        if (cancelled) return;
        const mine = r.rows
          .filter((d) => wanted.has(d.id))
          .sort((a, b) => a.relativePath.localeCompare(b.relativePath, 'fr'));
        setDocs(mine.some((d) => /[\\/]/.test(d.relativePath)) ? mine : []);
      })
      .catch(() => {
        if (!cancelled) setDocs([]);
      });
    return () => {
      cancelled = true;
    };
  }, [ids, profileId, version]);

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
