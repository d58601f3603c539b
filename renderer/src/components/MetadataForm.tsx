// The act's metadata form (nature, number, date, objet, classification, and for an annex the
// act it belongs to). Validation messages sit beside each field: the core's
// (getDocument().validation) and client-side checks made with the core's own rules; the
// pure rules live in lib/metadata-draft.ts. A refused act is corrected and sent again in one
// step (« Corriger et renvoyer »).
import { useEffect, useId, useState, type FocusEvent } from 'react';
import type { ActMetadata, DocumentDetail } from '../../../main/contract/api';
import { depositApi, documentsApi } from '../data/api';
import { useQuery } from '../data/query';
import { t } from '../i18n/fr';
import { errorMessage } from '../lib/format';
import { isNatureCode, METADATA_EDITABLE_STATES, NATURE_CODES, natureLabel, OBJET_MAX } from '../lib/acts';
import {
  checkDraft,
  draftToMetadata,
  fieldError,
  firstProblem,
  numberPreview,
  splitValidation,
} from '../lib/metadata-draft';
import { useNotifications } from '../stores/notifications';
import { ErrorBanner } from './ErrorBanner';
import { Field, leavingForSubmit } from './Field';
import { ClassificationField } from './metadata/ClassificationField';
import { Attachments, Preview } from './metadata/DocumentExtras';

export { Attachments, Preview } from './metadata/DocumentExtras';

interface MetadataFormProps {
  documentId: string;
  /** Called with the updated detail after a successful save. */
  onSaved?: (detail: DocumentDetail) => void;
  /** Whether to show the preview and attachments (the detail screen shows them itself). */
  showExtras?: boolean;
  /** Confirm a save with a toast too (where the form disappears once complete). */
  toastOnSave?: boolean;
  /** Offer « Corriger et renvoyer »: save, then send at once (a refused or failed act). */
  resend?: boolean;
}

export function MetadataForm({
  documentId,
  onSaved,
  showExtras = true,
  toastOnSave = true,
  resend = false,
}: MetadataFormProps) {
  const uid = useId();
  // Refetched when the document changes state elsewhere (state, validation).
  const query = useQuery(['document', documentId], () => documentsApi.get(documentId), ['documents']);
  const detail = query.data ?? null;
  const [draft, setDraft] = useState<ActMetadata>({});
  const [parentId, setParentId] = useState<string | null>(null);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [touched, setTouched] = useState<Partial<Record<keyof ActMetadata, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const push = useNotifications((s) => s.push);
  const isAct = detail?.role === 'act';
  const parents = useQuery(
    detail && !isAct ? ['parents', detail.profileId] : null,
    async () => {
      const list = await documentsApi.list({ profileId: detail?.profileId ?? '', sort: 'newest', limit: 200 });
      return list.rows.filter((x) => x.role === 'act' && x.id !== documentId);
    },
    ['documents'],
  );

  // The draft starts from the first answer; later refetches keep what the user typed.
  useEffect(() => {
    if (!detail || loadedFor === detail.id) return;
    setLoadedFor(detail.id);
    setDraft({ ...detail.metadata });
    setParentId(detail.parentId);
  }, [detail, loadedFor]);

  if (query.error && !detail) {
    return (
      <p className="banner banner--danger" role="alert">
        {query.error}
      </p>
    );
  }
  if (!detail) return <p className="muted">{t('common.loading')}</p>;

  const readOnly = !METADATA_EDITABLE_STATES.includes(detail.state);
  const client = checkDraft(draft, isAct);
  const { byField: server, other: otherServer } = splitValidation(detail.validation);
  const errorFor = (f: keyof ActMetadata) =>
    fieldError(f, { draft, saved: detail.metadata, client, server, shown: Boolean(touched[f] || submitted) });

  const update = <K extends keyof ActMetadata>(key: K, value: ActMetadata[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(false);
  };
  const touch = (f: keyof ActMetadata, e: FocusEvent) => {
    if (!leavingForSubmit(e)) setTouched((x) => ({ ...x, [f]: true }));
  };

  const save = async (andSend: boolean) => {
    setSubmitted(true);
    const first = firstProblem(checkDraft(draft, isAct));
    if (first) {
      document.getElementById(`${uid}-${first}`)?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const metadata = draftToMetadata(draft);
      const updated = await documentsApi.updateMetadata(
        isAct ? { id: detail.id, metadata } : { id: detail.id, metadata, parentId },
      );
      query.set(updated);
      setDraft({ ...updated.metadata });
      setTouched({});
      setSubmitted(false);
      setSaved(true);
      onSaved?.(updated);
      if (andSend) {
        const r = await depositApi.now([updated.id]);
        if (r.problems.length > 0) push('warning', r.problems.map((p) => p.message).join(' '));
        else push('success', t('queue.queuedNow', { count: r.queued }));
      } else if (toastOnSave) push('success', t('meta.saved'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const objetLength = [...(draft.objet ?? '')].length;
  const number = numberPreview(draft.number ?? '');

  // The file name, state and reason are shown by whoever hosts the form (row or detail).
  return (
    <div className="meta">
      {showExtras ? <Preview detail={detail} /> : null}
      {readOnly ? <p className="note">{t('meta.readOnly')}</p> : null}
      <form
        className="meta__form"
        noValidate
        aria-label={t('meta.title')}
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <fieldset disabled={readOnly || saving}>
          <legend className="sr-only">{t('meta.title')}</legend>
          <Field id={`${uid}-nature`} label={t('field.nature')} error={errorFor('nature')} required={isAct}>
            {(p) => (
              <select
                {...p}
                value={draft.nature ?? ''}
                onChange={(e) => update('nature', isNatureCode(e.target.value) ? e.target.value : undefined)}
                onBlur={(e) => touch('nature', e)}
              >
                <option value="">{t('field.choose')}</option>
                {NATURE_CODES.map((n) => (
                  <option key={n} value={n}>
                    {natureLabel(n)} ({n})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="grid2">
            <Field
              id={`${uid}-number`}
              label={t('field.number')}
              {...(number.changed && !client.number ? { hint: t('meta.numberPreview', { value: number.value }) } : {})}
              error={errorFor('number')}
              required={isAct}
            >
              {(p) => (
                <input
                  {...p}
                  type="text"
                  value={draft.number ?? ''}
                  onChange={(e) => update('number', e.target.value.toUpperCase())}
                  onBlur={(e) => touch('number', e)}
                />
              )}
            </Field>
            <Field id={`${uid}-date`} label={t('field.date')} error={errorFor('date')} required={isAct}>
              {(p) => (
                <input
                  {...p}
                  type="date"
                  value={draft.date ?? ''}
                  onChange={(e) => update('date', e.target.value)}
                  onBlur={(e) => touch('date', e)}
                />
              )}
            </Field>
          </div>
          <Field
            id={`${uid}-objet`}
            label={t('field.objet')}
            hint={t('field.objetCount', { count: objetLength, max: OBJET_MAX })}
            error={errorFor('objet')}
            required={isAct}
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={draft.objet ?? ''}
                onChange={(e) => update('objet', e.target.value)}
                onBlur={(e) => touch('objet', e)}
              />
            )}
          </Field>
          <ClassificationField
            uid={uid}
            profileId={detail.profileId}
            value={draft.classification ?? ''}
            error={errorFor('classification')}
            required={isAct}
            clientOk={!client.classification}
            suggestFrom={`${draft.objet ?? ''} ${detail.fileName}`}
            onChange={(code) => update('classification', code)}
            onBlur={(e) => touch('classification', e)}
          />
          {!isAct ? (
            <Field id={`${uid}-parent`} label={t('field.parent')}>
              {(p) => (
                <select
                  {...p}
                  value={parentId ?? ''}
                  onChange={(e) => setParentId(e.target.value === '' ? null : e.target.value)}
                >
                  <option value="">{t('field.parentNone')}</option>
                  {(parents.data ?? []).map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.fileName}
                      {a.metadata.objet ? ` — ${a.metadata.objet}` : ''}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          {otherServer.length > 0 ? (
            <ul className="banner banner--warning">
              {otherServer.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
          <ErrorBanner message={error} />
          <div className="actions actions--start">
            {resend ? (
              <button type="button" className="btn btn--primary" onClick={() => void save(true)}>
                {saving ? t('common.saving') : t('meta.saveAndResend')}
              </button>
            ) : null}
            <button type="submit" className={resend ? 'btn' : 'btn btn--primary'}>
              {saving ? t('common.saving') : t('meta.save')}
            </button>
            <span role="status" className="muted">
              {saved ? t('meta.saved') : ''}
            </span>
          </div>
        </fieldset>
      </form>
      {showExtras ? <Attachments detail={detail} /> : null}
    </div>
  );
}
