// « ? » beside a jargon field: a button that shows (and hides) a plain-French explanation
// right below, announced by screen readers through aria-expanded / aria-controls.
import { useState } from 'react';
import { t } from '../i18n/fr';

export function HelpTip({ id, topic, text }: { id: string; topic: string; text: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="help-tip"
        aria-expanded={open}
        aria-controls={`${id}-help`}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">?</span>
        <span className="sr-only">{t('help.about', { topic })}</span>
      </button>
      <p id={`${id}-help`} className="help-tip__text" hidden={!open}>
        {text}
      </p>
    </>
  );
}
