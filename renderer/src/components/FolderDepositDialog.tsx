// « Verser comme un seul dossier… »: asks for the folder's title (prefilled with the
// selection's common folder), now or tonight, then deposits the selection as ONE transfer
// (depositFolder) whose archive units mirror the sub-folders. The outcome goes back to the
// screen that opened it; a failure of the call stays in the dialog.
import { useEffect, useId, useRef, useState } from 'react';
import { depositApi } from '../data/api';
import { t } from '../i18n/fr';
import { errorMessage } from '../lib/format';
import { checkFolderTitle } from '../lib/validate';
import { useSettings } from '../stores/settings';
import { useSync } from '../stores/sync';
import { Field, leavingForSubmit } from './Field';
import { ErrorBanner } from './ErrorBanner';

export interface FolderOutcome {
  tone: 'success' | 'warning';
  lines: string[];
}

interface FolderDepositDialogProps {
  open: boolean;
  ids: string[];
  defaultTitle: string;
  onClose(): void;
  onDone(outcome: FolderOutcome): void;
}

export function FolderDepositDialog({ open, ids, defaultTitle, onClose, onDone }: FolderDepositDialogProps) {
  const uid = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const night = useSettings((s) => s.view?.values.nightWindow);
  const [title, setTitle] = useState(defaultTitle);
  const [when, setWhen] = useState<'now' | 'tonight'>('now');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = `${uid}-title`;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setTitle(defaultTitle);
      setWhen('now');
      setChecked(false);
      setError(null);
      dialog.showModal();
      const input = document.getElementById(inputId);
      if (input instanceof HTMLInputElement) {
        input.focus();
        input.select();
      }
    }
    if (!open && dialog.open) dialog.close();
  }, [open, defaultTitle, inputId]);

  const titleError = checked ? checkFolderTitle(title) : undefined;

  const submit = async () => {
    setChecked(true);
    if (checkFolderTitle(title)) {
      document.getElementById(inputId)?.focus();
      return;
    }
    const clean = title.trim();
    setBusy(true);
    setError(null);
    try {
      const r = await depositApi.folder({ ids, title: clean, tonight: when === 'tonight' });
      const problems = [...new Set(r.problems.map((p) => p.message))];
      const lines =
        r.queued > 0
          ? [
              t(when === 'now' ? 'folder.queuedNow' : 'folder.queuedTonight', { title: clean, count: r.queued }),
              ...problems,
            ]
          : [t('folder.refused', { title: clean }), ...problems];
      void useSync
        .getState()
        .load()
        .catch(() => undefined);
      onDone({ tone: r.queued > 0 && problems.length === 0 ? 'success' : 'warning', lines });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog dialog--form"
      aria-labelledby={`${uid}-heading`}
      aria-describedby={`${uid}-intro`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id={`${uid}-heading`}>{t('folder.title')}</h2>
        <p id={`${uid}-intro`}>{t('folder.intro', { count: ids.length })}</p>
        <Field id={inputId} label={t('folder.titleLabel')} hint={t('folder.titleHint')} error={titleError} required>
          {(p) => (
            <input
              {...p}
              type="text"
              value={title}
              disabled={busy}
              onChange={(e) => setTitle(e.target.value)}
              onBlur={(e) => {
                if (!leavingForSubmit(e)) setChecked(true);
              }}
            />
          )}
        </Field>
        <fieldset className="choices" disabled={busy}>
          <legend>{t('folder.when')}</legend>
          <div className="choice">
            <input
              type="radio"
              id={`${uid}-now`}
              name={`${uid}-when`}
              checked={when === 'now'}
              onChange={() => setWhen('now')}
            />
            <label htmlFor={`${uid}-now`}>{t('folder.now')}</label>
          </div>
          <div className="choice">
            <input
              type="radio"
              id={`${uid}-tonight`}
              name={`${uid}-when`}
              checked={when === 'tonight'}
              onChange={() => setWhen('tonight')}
            />
            <label htmlFor={`${uid}-tonight`}>
              {night ? t('folder.tonight', { start: night.start, end: night.end }) : t('folder.tonightPlain')}
            </label>
          </div>
        </fieldset>
        <ErrorBanner message={error} />
        <div className="actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? t('folder.sending') : t('folder.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
