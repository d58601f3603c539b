// The assistant's optional step: the prefecture's classification file, chosen now and
// imported once the commune exists (Paramètres › Communes offers the same later).
import { useRef, useState } from 'react';
import { t } from '../i18n/fr';
import { MAX_BYTES } from './ClassificationPanel';
import { ErrorBanner } from './ErrorBanner';

export function ClassificationChoice({ file, onChange }: { file: File | null; onChange(file: File | null): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const choose = (chosen: File | undefined) => {
    setError(null);
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) {
      setError(t('communes.class.tooBig'));
      return;
    }
    onChange(chosen);
  };
  return (
    <>
      <h3 id="wiz-class-title">{t('wizard.classTitle')}</h3>
      <p className="muted" id="wiz-class-hint">
        {t('wizard.classIntro')}
      </p>
      <input
        ref={input}
        id="wiz-class-file"
        // Out of the page and of the accessibility tree: the button below opens it.
        hidden
        type="file"
        accept=".xml,application/xml,text/xml"
        aria-label={t('wizard.classChoose')}
        onChange={(e) => {
          choose(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <div className="actions actions--start">
        <button type="button" className="btn" aria-describedby="wiz-class-hint" onClick={() => input.current?.click()}>
          {t('wizard.classChoose')}
        </button>
        {file ? (
          <button type="button" className="btn btn--ghost" onClick={() => onChange(null)}>
            {t('wizard.classRemove')}
          </button>
        ) : null}
      </div>
      <div role="status" aria-live="polite">
        {file ? <p>{t('wizard.classChosen', { name: file.name })}</p> : null}
      </div>
      <ErrorBanner message={error} />
    </>
  );
}
