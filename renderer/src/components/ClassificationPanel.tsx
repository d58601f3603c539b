// The classification a commune uses: the national base, or its prefecture's list imported
// from the « retour de classification » file. Acts at once (not part of the commune form).
import { useId, useRef, useState } from 'react';
import type { ClassificationView } from '../../../main/contract/api';
import { classificationApi } from '../data/api';
import { useQuery } from '../data/query';
import { t } from '../i18n/fr';
import { errorMessage, formatActDate, formatDateTime } from '../lib/format';
import { useNotifications } from '../stores/notifications';
import { ErrorBanner } from './ErrorBanner';

export const MAX_BYTES = 2 * 1024 * 1024;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function ClassificationPanel({ profileId }: { profileId: string }) {
  const uid = useId();
  const input = useRef<HTMLInputElement>(null);
  const push = useNotifications((s) => s.push);
  const query = useQuery(['classification', profileId], () => classificationApi.get(profileId), ['classification']);
  const view: ClassificationView | null = query.data ?? null;
  const setView = query.set;
  const [busy, setBusy] = useState(false);
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? query.error;

  const importFile = async (file: File) => {
    setError(null);
    if (file.size > MAX_BYTES) {
      setError(t('communes.class.tooBig'));
      return;
    }
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const v = await classificationApi.import({ profileId, fileName: file.name, contentBase64: toBase64(bytes) });
      setView(v);
      push('success', t('communes.class.imported', { count: v.count }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const reset = async () => {
    setError(null);
    setBusy(true);
    try {
      setView(await classificationApi.reset(profileId));
      push('success', t('communes.class.resetDone'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="classification" aria-labelledby={`${uid}-title`}>
      <h3 id={`${uid}-title`}>{t('communes.class.title')}</h3>
      {view ? (
        <p role="status">
          {view.source === 'prefecture'
            ? t('communes.class.prefecture', {
                count: view.count,
                file: view.fileName ?? '',
                date: view.date ? t('communes.class.dated', { date: formatActDate(view.date) }) : '',
                imported: formatDateTime(view.importedAt),
              })
            : t('communes.class.national', { count: view.count })}
        </p>
      ) : null}
      <p className="muted" id={`${uid}-hint`}>
        {t('communes.class.importHint')}
      </p>
      <input
        ref={input}
        id={`${uid}-file`}
        // Out of the page and of the accessibility tree: the button below opens it.
        hidden
        type="file"
        accept=".xml,application/xml,text/xml"
        aria-label={t('communes.class.import')}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void importFile(file);
        }}
      />
      <div className="actions">
        <button
          type="button"
          className="btn"
          disabled={busy}
          aria-describedby={`${uid}-hint`}
          onClick={() => input.current?.click()}
        >
          {t('communes.class.import')}
        </button>
        {view?.source === 'prefecture' ? (
          <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => void reset()}>
            {t('communes.class.reset')}
          </button>
        ) : null}
      </div>
      <ErrorBanner message={error} />
    </section>
  );
}
