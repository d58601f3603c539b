// Dossiers surveillés of the active commune: list, add (path + mode), remove with
// confirmation, exclusions, and the rules preview on the folder's real files.
import { useEffect, useRef, useState } from 'react';
import type { FolderView, RulePreviewRow } from '../../../main/contract/api';
import { CHANNELS } from '../../../main/contract/api';
import { desktopHost, documentsApi, foldersApi } from '../data/api';
import { useQuery } from '../data/query';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field } from '../components/Field';
import { CheckIcon, CrossIcon, WarnIcon } from '../components/icons';
import { PageTitle } from '../components/PageTitle';
import { t } from '../i18n/fr';
import { natureLabel } from '../lib/acts';
import { errorMessage, formatActDate, formatDateTime } from '../lib/format';
import { useFolders } from '../stores/folders';
import { useNotifications } from '../stores/notifications';
import { useActiveProfile } from '../stores/profiles';
import { useSettings } from '../stores/settings';
import { useUi } from '../stores/ui';
import { missingText } from '../lib/deposit';
import { ErrorBanner } from '../components/ErrorBanner';

type Mode = FolderView['mode'];
/** The contract's watch modes (addFolder.mode). */
const MODES: readonly Mode[] = CHANNELS.addFolder.shape.mode.unwrap().options;

export function Folders() {
  const profile = useActiveProfile();
  const folders = useFolders((s) => s.folders);
  const push = useNotifications((s) => s.push);
  const [path, setPath] = useState('');
  const [mode, setMode] = useState<Mode>('auto');
  const [pathError, setPathError] = useState<string | undefined>();
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [toRemove, setToRemove] = useState<FolderView | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const values = useSettings((s) => s.view?.values);
  const navigate = useUi((s) => s.navigate);

  useEffect(() => {
    if (!profile) return;
    useFolders
      .getState()
      .load(profile.id)
      .then(() => setLoadError(null))
      .catch((e: unknown) => setLoadError(errorMessage(e)));
  }, [profile]);

  const browse = async () => {
    setNote(null);
    try {
      const r = await foldersApi.choose();
      if (r.path) {
        setPath(r.path);
        setPathError(undefined);
      } else setNote(t('wizard.browseUnavailable'));
    } catch (e) {
      setNote(errorMessage(e));
    }
  };

  const add = async () => {
    if (!profile) return;
    if (path.trim() === '') {
      setPathError(t('valid.pathMissing'));
      document.getElementById('folder-path')?.focus();
      return;
    }
    setBusy(true);
    setPathError(undefined);
    try {
      const f = await foldersApi.add({ profileId: profile.id, path: path.trim(), mode });
      useFolders.getState().upsert(f);
      setPath('');
      push('success', t('folders.added'));
    } catch (e) {
      setPathError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (f: FolderView) => {
    setToRemove(null);
    try {
      await foldersApi.remove(f.id);
      useFolders.getState().removeLocal(f.id);
      push('success', t('folders.removed'));
      // Its row (and the button that asked) is gone: the focus goes to the list, not to the page top.
      listHeading.current?.focus();
    } catch (e) {
      push('error', errorMessage(e));
    }
  };

  const mine = folders.filter((f) => !profile || f.profileId === profile.id);

  return (
    <>
      <PageTitle>{t('folders.title')}</PageTitle>
      <p className="lead">{t('folders.intro')}</p>
      {values ? (
        <p className="note">
          {values.autoDeposit === 'tonight'
            ? t('folders.auto.tonight', { start: values.nightWindow.start, end: values.nightWindow.end })
            : t(`folders.auto.${values.autoDeposit}`)}{' '}
          <button type="button" className="link" onClick={() => navigate('settings')}>
            {t('folders.autoChange')}
          </button>
        </p>
      ) : null}
      <ErrorBanner message={loadError} />
      <section className="card" aria-labelledby="folders-list">
        <h2 id="folders-list" ref={listHeading} tabIndex={-1}>
          {t('folders.for', { name: profile?.name ?? '' })}
        </h2>
        {mine.length === 0 ? (
          <p className="empty">{t('folders.empty')}</p>
        ) : (
          <ul className="folder-list">
            {mine.map((f) => (
              <FolderItem key={f.id} folder={f} onRemove={() => setToRemove(f)} />
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="folders-add">
        <h2 id="folders-add">{t('folders.add')}</h2>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <Field
            id="folder-path"
            label={t('wizard.folderPath')}
            hint={t('wizard.folderPathHint')}
            error={pathError}
            required
          >
            {(p) => <input {...p} type="text" value={path} onChange={(e) => setPath(e.target.value)} />}
          </Field>
          <div className="actions actions--start">
            <button type="button" className="btn" onClick={() => void browse()}>
              {t('wizard.browse')}
            </button>
          </div>
          {note ? (
            <p className="note" role="status">
              {note}
            </p>
          ) : null}
          <fieldset className="choices">
            <legend>{t('folders.mode')}</legend>
            {MODES.map((m) => (
              <div className="choice" key={m}>
                <input
                  type="radio"
                  id={`mode-${m}`}
                  name="mode"
                  value={m}
                  checked={mode === m}
                  onChange={() => setMode(m)}
                />
                <label htmlFor={`mode-${m}`}>{t(`folders.mode.${m}`)}</label>
              </div>
            ))}
          </fieldset>
          <div className="actions actions--start">
            <button type="submit" className="btn btn--primary" disabled={busy || !profile}>
              {t('folders.add')}
            </button>
          </div>
        </form>
      </section>

      <ConfirmDialog
        open={toRemove !== null}
        title={t('folders.removeTitle')}
        message={toRemove ? t('folders.removeConfirm', { path: toRemove.path }) : ''}
        confirmLabel={t('common.remove')}
        danger
        onConfirm={() => {
          if (toRemove) void remove(toRemove);
        }}
        onCancel={() => setToRemove(null)}
      />
    </>
  );
}

/** What the rules read in a file name, one piece per line, in the user's words. */
function readLines(r: RulePreviewRow): string[] {
  const m = r.metadata;
  return [
    m.nature ? natureLabel(m.nature) : null,
    m.number ? `${t('field.numberShort')} ${m.number}` : null,
    m.date ? `${t('field.dateShort')} ${formatActDate(m.date)}` : null,
    m.objet ? `« ${m.objet} »` : null,
    m.classification ? `${t('field.classification')} ${m.classification}` : null,
  ].filter((x): x is string => x !== null);
}

function FolderItem({ folder, onRemove }: { folder: FolderView; onRemove: () => void }) {
  const push = useNotifications((s) => s.push);
  const [exclusions, setExclusions] = useState(folder.exclusions.join('\n'));
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState<RulePreviewRow[] | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const base = `folder-${folder.id}`;
  // How many documents came from this folder, and when the last one moved.
  const activity = useQuery(
    ['folder-activity', folder.id],
    () => documentsApi.list({ folderId: folder.id, sort: 'newest', limit: 1 }),
    ['documents'],
  );

  const save = async (patch: { exclusions?: string[]; enabled?: boolean; mode?: Mode }) => {
    setSaving(true);
    try {
      const f = await foldersApi.update({ id: folder.id, ...patch });
      useFolders.getState().upsert(f);
      push('success', t('common.saved'));
    } catch (e) {
      push('error', errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const runPreview = async () => {
    setPreviewing(true);
    setPreviewError(null);
    try {
      setPreview(await foldersApi.previewRules({ folderId: folder.id }));
    } catch (e) {
      setPreviewError(errorMessage(e));
    } finally {
      setPreviewing(false);
    }
  };

  // Desktop only: main opens the folder the engine names for this id (never a typed path).
  const openInFileManager = async () => {
    try {
      const r = await foldersApi.open(folder.id);
      if (!r.opened) push('warning', t('folders.openFailed', { path: r.path }));
    } catch (e) {
      push('error', errorMessage(e));
    }
  };

  const statusIcon =
    folder.status === 'watching' ? <CheckIcon /> : folder.status === 'unavailable' ? <WarnIcon /> : <CrossIcon />;
  const tone = folder.status === 'watching' ? 'success' : folder.status === 'unavailable' ? 'warning' : 'neutral';

  return (
    <li className="folder">
      <div className="folder__head">
        <h3 className="folder__path">
          <code>{folder.path}</code>
        </h3>
        <span className={`badge badge--${tone}`}>
          {statusIcon}
          <span>{t(`folders.status.${folder.status}`)}</span>
        </span>
        <span className="muted">
          {t('folders.effective', { mode: t(`folders.effective.${folder.effectiveMode}`) })}
        </span>
      </div>
      {activity.data ? (
        <p className="folder__activity">
          {t('folders.count', { count: activity.data.total })}
          {activity.data.rows[0]
            ? ` — ${t('folders.lastActivity', { date: formatDateTime(activity.data.rows[0].updatedAt), name: activity.data.rows[0].fileName })}`
            : ''}
        </p>
      ) : null}
      {folder.message ? <p className="note">{folder.message}</p> : null}
      <div className="grid2">
        <div>
          <div className="check">
            <input
              id={`${base}-enabled`}
              type="checkbox"
              checked={folder.enabled}
              disabled={saving}
              onChange={(e) => void save({ enabled: e.target.checked })}
            />
            <label htmlFor={`${base}-enabled`}>{t('folders.enabled')}</label>
          </div>
          <Field id={`${base}-mode`} label={t('folders.mode')}>
            {(p) => (
              <select
                {...p}
                value={folder.mode}
                disabled={saving}
                onChange={(e) => {
                  const m = MODES.find((x) => x === e.target.value);
                  if (m) void save({ mode: m });
                }}
              >
                {MODES.map((m) => (
                  <option key={m} value={m}>
                    {t(`folders.mode.${m}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div>
          <Field id={`${base}-excl`} label={t('folders.exclusions')} hint={t('folders.exclusionsHint')}>
            {(p) => <textarea {...p} rows={3} value={exclusions} onChange={(e) => setExclusions(e.target.value)} />}
          </Field>
          <button
            type="button"
            className="btn btn--small"
            disabled={saving}
            onClick={() =>
              void save({
                exclusions: exclusions
                  .split('\n')
                  .map((x) => x.trim())
                  .filter(Boolean)
                  .slice(0, 100),
              })
            }
          >
            {t('folders.saveExclusions')}
          </button>
        </div>
      </div>
      <div className="actions actions--start">
        <button type="button" className="btn" onClick={() => void runPreview()} disabled={previewing}>
          {previewing ? t('folders.previewing') : t('folders.preview')}
        </button>
        {desktopHost ? (
          <button type="button" className="btn" onClick={() => void openInFileManager()}>
            {t('folders.open')}
            <span className="sr-only"> {folder.path}</span>
          </button>
        ) : null}
        <button type="button" className="btn btn--danger-quiet" onClick={onRemove}>
          {t('folders.remove')}
          <span className="sr-only"> {folder.path}</span>
        </button>
      </div>
      <ErrorBanner message={previewError} />
      {preview ? (
        preview.length === 0 ? (
          <p className="muted" role="status">
            {t('folders.previewEmpty')}
          </p>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('folders.previewCaption')}>
            <table className="table">
              <caption>{t('folders.previewCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('folders.col.file')}</th>
                  <th scope="col">{t('folders.col.read')}</th>
                  <th scope="col">{t('folders.col.missing')}</th>
                  <th scope="col">{t('folders.col.rule')}</th>
                  <th scope="col">{t('folders.col.auto')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.map((r) => (
                  <tr key={r.relativePath}>
                    <th scope="row">
                      {r.relativePath}
                      {r.role !== 'act' ? <span className="tag">{t(`role.${r.role}`)}</span> : null}
                      {r.ignored ? <span className="tag">{t('folders.ignoredFile')}</span> : null}
                    </th>
                    <td>
                      {readLines(r).length > 0
                        ? readLines(r).map((line) => (
                            <span key={line} className="block">
                              {line}
                            </span>
                          ))
                        : t('common.none')}
                    </td>
                    <td>{r.missing.length > 0 ? missingText(r.missing) : t('common.none')}</td>
                    <td>{r.ruleName ?? t('folders.noRule')}</td>
                    <td>{r.autoArchived ?? t('common.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </li>
  );
}
