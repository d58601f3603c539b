// The editable act metadata of one document (read from its file name, completed by the
// user): nature, numéro, date, objet, classification (with search), attachment to an act.
// Validation messages sit beside each field: the core's (getDocument().validation) and
// client-side checks made with the core's own rules (lib/validate.ts).
import { useEffect, useId, useState, type FocusEvent } from 'react';
import type { ActMetadata, DocumentDetail, DocumentSummary } from '../../../main/contract/api';
import { sceau } from '../bridge';
import { t } from '../i18n/fr';
import { errorMessage } from '../lib/format';
import {
  classificationLabel,
  isClassificationFormat,
  isNatureCode,
  METADATA_EDITABLE_STATES,
  NATURE_CODES,
  natureLabel,
  OBJET_MAX,
} from '../lib/acts';
import { checkMetadata, withoutBlanks, type FieldErrors } from '../lib/validate';
import { useDocuments } from '../stores/documents';
import { useNotifications } from '../stores/notifications';
import { Field, leavingForSubmit } from './Field';
import { StateBadge } from './StateBadge';
import { ErrorBanner } from './ErrorBanner';

const FIELDS: (keyof ActMetadata)[] = ['nature', 'number', 'date', 'objet', 'classification'];

interface MetadataFormProps {
  documentId: string;
  /** Called with the updated detail after a successful save. */
  onSaved?: (detail: DocumentDetail) => void;
  /** Whether to show the preview and attachments (the detail screen shows them itself). */
  showExtras?: boolean;
  /** Confirm a save with a toast too (where the form disappears once complete). */
  toastOnSave?: boolean;
}

export function MetadataForm({ documentId, onSaved, showExtras = true, toastOnSave = true }: MetadataFormProps) {
  const uid = useId();
  const [detail, setDetail] = useState<DocumentDetail | null>(null);
  const [draft, setDraft] = useState<ActMetadata>({});
  const [parentId, setParentId] = useState<string | null>(null);
  const [touched, setTouched] = useState<Partial<Record<keyof ActMetadata, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [parents, setParents] = useState<DocumentSummary[]>([]);
  const [classQuery, setClassQuery] = useState('');
  const [classResults, setClassResults] = useState<{ code: string; label: string }[] | null>(null);
  const [classHint, setClassHint] = useState<{ code: string; text: string | null } | null>(null);
  const latestState = useDocuments((s) => s.latest[documentId]?.state);
  const profileId = detail?.profileId;
  const push = useNotifications((s) => s.push);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const d = await sceau.getDocument({ id: documentId });
        if (cancelled) return;
        setDetail(d);
        setDraft({ ...d.metadata });
        setParentId(d.parentId);
        setError(null);
        if (d.role !== 'act') {
          const list = await sceau.listDocuments({ profileId: d.profileId, sort: 'newest', limit: 200 });
          if (!cancelled) setParents(list.rows.filter((x) => x.role === 'act' && x.id !== d.id));
        }
      } catch (e) {
        if (!cancelled) setError(errorMessage(e));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [documentId]);

  // Refresh the server's view (state, validation) when the document changes state elsewhere.
  useEffect(() => {
    if (!latestState || !detail || latestState === detail.state) return;
    void sceau
      .getDocument({ id: documentId })
      .then((d) => setDetail(d))
      .catch(() => undefined);
  }, [latestState, detail, documentId]);

  useEffect(() => {
    const q = classQuery.trim();
    if (q === '') {
      setClassResults(null);
      return;
    }
    const timer = window.setTimeout(() => {
      void sceau
        .searchClassification(profileId ? { query: q, profileId } : { query: q })
        .then((r) => setClassResults(r.results.slice(0, 12)))
        .catch(() => setClassResults([]));
    }, 250);
    return () => window.clearTimeout(timer);
  }, [classQuery, profileId]);

  // The label under the code comes from the commune's own list (its prefecture's) when it
  // has one; a code outside that list is said at once, before saving.
  const typedCode = draft.classification?.trim() ?? '';
  useEffect(() => {
    if (!profileId || !isClassificationFormat(typedCode)) {
      setClassHint(null);
      return;
    }
    const timer = window.setTimeout(() => {
      void sceau
        .searchClassification({ query: typedCode, profileId })
        .then((r) => {
          const hit = r.results.find((x) => x.code === typedCode);
          setClassHint({
            code: typedCode,
            text: hit
              ? hit.label
              : r.source === 'prefecture'
                ? t('meta.classOutside')
                : (classificationLabel(typedCode) ?? null),
          });
        })
        .catch(() => setClassHint(null));
    }, 200);
    return () => window.clearTimeout(timer);
  }, [typedCode, profileId]);

  if (error && !detail) {
    return (
      <p className="banner banner--danger" role="alert">
        {error}
      </p>
    );
  }
  if (!detail) return <p className="muted">{t('common.loading')}</p>;

  const isAct = detail.role === 'act';
  const readOnly = !METADATA_EDITABLE_STATES.includes(detail.state);
  const client: FieldErrors = checkMetadata(draft, isAct);
  const server: FieldErrors = {};
  const otherServer: string[] = [];
  for (const v of detail.validation) {
    if ((FIELDS as string[]).includes(v.field)) server[v.field as keyof ActMetadata] ??= v.message;
    else otherServer.push(v.message);
  }
  const errorFor = (f: keyof ActMetadata): string | undefined => {
    const c = touched[f] || submitted ? client[f] : undefined;
    // The core's message applies to what it saw; once the user edits, the client check leads.
    const s = draft[f] === detail.metadata[f] ? server[f] : undefined;
    return c ?? s;
  };

  const update = <K extends keyof ActMetadata>(key: K, value: ActMetadata[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(false);
  };
  const touch = (f: keyof ActMetadata, e: FocusEvent) => {
    if (!leavingForSubmit(e)) setTouched((x) => ({ ...x, [f]: true }));
  };

  const save = async () => {
    setSubmitted(true);
    const problems = checkMetadata(draft, isAct);
    const first = FIELDS.find((f) => problems[f]);
    if (first) {
      document.getElementById(`${uid}-${first}`)?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const metadata = withoutBlanks(draft);
      const updated = await sceau.updateMetadata(
        isAct ? { id: detail.id, metadata } : { id: detail.id, metadata, parentId },
      );
      setDetail(updated);
      setDraft({ ...updated.metadata });
      setTouched({});
      setSubmitted(false);
      setSaved(true);
      if (toastOnSave) push('success', t('meta.saved'));
      onSaved?.(updated);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const objetLength = [...(draft.objet ?? '')].length;
  const classLabel =
    draft.classification && !client.classification && classHint?.code === typedCode
      ? (classHint.text ?? undefined)
      : undefined;

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
          void save();
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
            <Field id={`${uid}-number`} label={t('field.number')} error={errorFor('number')} required={isAct}>
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
          <div className="grid2">
            <Field
              id={`${uid}-classification`}
              label={t('field.classification')}
              {...(classLabel ? { hint: classLabel } : {})}
              error={errorFor('classification')}
              required={isAct}
            >
              {(p) => (
                <input
                  {...p}
                  type="text"
                  inputMode="decimal"
                  value={draft.classification ?? ''}
                  onChange={(e) => update('classification', e.target.value.trim())}
                  onBlur={(e) => touch('classification', e)}
                />
              )}
            </Field>
            <Field id={`${uid}-classq`} label={t('meta.classSearch')} hint={t('meta.classSearchHint')}>
              {(p) => <input {...p} type="search" value={classQuery} onChange={(e) => setClassQuery(e.target.value)} />}
            </Field>
          </div>
          {classResults !== null ? (
            <div className="class-results" role="region" aria-label={t('meta.classSearch')}>
              {classResults.length === 0 ? (
                <p className="muted" role="status">
                  {t('meta.classNone')}
                </p>
              ) : (
                <ul className="plain-list">
                  {classResults.map((c) => (
                    <li key={c.code}>
                      <button
                        type="button"
                        className="btn btn--ghost btn--small"
                        onClick={() => {
                          update('classification', c.code);
                          setClassQuery('');
                          document.getElementById(`${uid}-classification`)?.focus();
                        }}
                      >
                        <span className="sr-only">{t('meta.classPick', { code: c.code, label: c.label })}</span>
                        <span aria-hidden="true">
                          <strong>{c.code}</strong> — {c.label}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ) : null}
          {!isAct ? (
            <Field id={`${uid}-parent`} label={t('field.parent')}>
              {(p) => (
                <select
                  {...p}
                  value={parentId ?? ''}
                  onChange={(e) => setParentId(e.target.value === '' ? null : e.target.value)}
                >
                  <option value="">{t('field.parentNone')}</option>
                  {parents.map((a) => (
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
            <button type="submit" className="btn btn--primary">
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

export function Preview({ detail }: { detail: DocumentDetail }) {
  const p = detail.preview;
  return (
    <div className="preview" aria-label={t('meta.preview')} role="group">
      {p.kind === 'image' ? (
        <img src={p.dataUrl} alt={t('meta.previewAlt', { name: detail.fileName })} className="preview__img" />
      ) : p.kind === 'pdf' ? (
        <p className="preview__pdf">
          <span aria-hidden="true" className="preview__pdf-icon">
            PDF
          </span>{' '}
          {p.pages === null ? t('meta.previewPdfUnknown') : t('meta.previewPdf', { count: p.pages })}
        </p>
      ) : (
        <p className="muted">{t('meta.previewNone')}</p>
      )}
    </div>
  );
}

export function Attachments({ detail }: { detail: DocumentDetail }) {
  if (detail.role !== 'act') return null;
  return (
    <section className="attachments" aria-label={t('meta.attachments')}>
      <h3>{t('meta.attachments')}</h3>
      {detail.attachments.length === 0 ? (
        <p className="muted">{t('meta.noAttachments')}</p>
      ) : (
        <ul className="plain-list">
          {detail.attachments.map((a) => (
            <li key={a.id}>
              <span className="tag">{t(`role.${a.role}`)}</span> {a.fileName} <StateBadge state={a.state} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
