// « À rattacher »: on an annex's or a signature file's page, the act it goes with (chosen
// here, in one step) or the way to make it an act of its own; on an act's page (see
// Attachments), the files « à rattacher » of the commune that can be added to it. Linking
// is metadata only: the sealed file never changes.
import { useId, useState } from 'react';
import type { DocumentDetail, DocumentSummary } from '../../../../main/contract/api';
import { documentsApi } from '../../data/api';
import { useQuery } from '../../data/query';
import { t } from '../../i18n/fr';
import { isLooseAttachment } from '../../lib/act-groups';
import { METADATA_EDITABLE_STATES } from '../../lib/acts';
import { errorMessage } from '../../lib/format';
import { useNotifications } from '../../stores/notifications';
import { useUi } from '../../stores/ui';
import { ErrorBanner } from '../ErrorBanner';

/** States in which a family can still change (not sent, not set aside). */
const REGROUPABLE = ['needs_metadata', 'ready'] as const;

/** The annex's (or signature's) own page: its act, and how to attach it to one. */
export function AttachToAct({ detail, onChanged }: { detail: DocumentDetail; onChanged(d: DocumentDetail): void }) {
  const uid = useId();
  const push = useNotifications((s) => s.push);
  const openDetail = useUi((s) => s.openDetail);
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editable = METADATA_EDITABLE_STATES.includes(detail.state);
  const acts = useQuery(
    detail.role !== 'act' && editable ? ['attach-acts', detail.profileId] : null,
    async () =>
      (
        await documentsApi.list({
          profileId: detail.profileId,
          role: 'act',
          states: [...REGROUPABLE],
          sort: 'newest',
          limit: 200,
        })
      ).rows.filter((a) => !a.parentId),
    ['documents'],
  );
  const parent = useQuery(detail.parentId ? ['document', detail.parentId] : null, () =>
    documentsApi.get(detail.parentId ?? ''),
  );
  if (detail.role === 'act') return null;
  const loose = isLooseAttachment(detail);

  const save = async (parentId: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const updated = await documentsApi.updateMetadata({ id: detail.id, metadata: detail.metadata, parentId });
      onChanged(updated);
      setChoice('');
      push('success', parentId ? t('attach.done', { name: detail.fileName }) : t('meta.saved'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card attach-panel" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`}>{loose ? t('attach.tag') : t(`role.${detail.role}`)}</h2>
      {loose ? (
        <p className="banner banner--warning">{t('attach.looseText')}</p>
      ) : (
        <p>
          {t('attach.of', { name: parent.data?.fileName ?? '…' })}{' '}
          {detail.parentId ? (
            <button type="button" className="btn btn--small" onClick={() => openDetail(detail.parentId ?? '')}>
              {t('deposit.open')}
              <span className="sr-only"> {parent.data?.fileName ?? ''}</span>
            </button>
          ) : null}
        </p>
      )}
      {editable ? (
        <>
          <div className="field">
            <label htmlFor={`${uid}-act`} className="field__label">
              {t('attach.to')}
            </label>
            <select id={`${uid}-act`} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">{t('attach.choose')}</option>
              {(acts.data ?? [])
                .filter((a) => a.id !== detail.parentId)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.fileName}
                    {a.metadata.objet ? ` — ${a.metadata.objet}` : ''}
                  </option>
                ))}
            </select>
          </div>
          <ErrorBanner message={error} />
          <div className="actions actions--start">
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy || choice === ''}
              onClick={() => void save(choice)}
            >
              {t('attach.action')}
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => void save(null)}>
              {t('attach.makeAct')}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}

/** On an act's page: add one of the commune's files « à rattacher » to this act. */
export function AddAttachment({ detail }: { detail: DocumentDetail }) {
  const uid = useId();
  const push = useNotifications((s) => s.push);
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const open = detail.role === 'act' && !detail.parentId && (REGROUPABLE as readonly string[]).includes(detail.state);
  const loose = useQuery(
    open ? ['attach-loose', detail.profileId] : null,
    async () =>
      (
        await documentsApi.list({ profileId: detail.profileId, states: ['needs_metadata'], sort: 'newest', limit: 500 })
      ).rows.filter(isLooseAttachment),
    ['documents'],
  );
  if (!open) return null;
  const rows: DocumentSummary[] = loose.data ?? [];
  if (loose.data && rows.length === 0) return <p className="muted">{t('attach.noneLoose')}</p>;

  const add = async () => {
    const file = rows.find((r) => r.id === choice);
    if (!file) return;
    setError(null);
    try {
      await documentsApi.updateMetadata({ id: file.id, metadata: file.metadata, parentId: detail.id });
      setChoice('');
      push('success', t('attach.added', { name: file.fileName }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="attach-panel">
      <div className="field">
        <label htmlFor={`${uid}-file`} className="field__label">
          {t('attach.add')}
        </label>
        <select id={`${uid}-file`} value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">{t('attach.addChoose')}</option>
          {rows.map((r) => (
            <option key={r.id} value={r.id}>
              {r.fileName}
            </option>
          ))}
        </select>
      </div>
      <ErrorBanner message={error} />
      <div className="actions actions--start">
        <button type="button" className="btn" disabled={choice === ''} onClick={() => void add()}>
          {t('attach.addAction')}
        </button>
      </div>
    </div>
  );
}
