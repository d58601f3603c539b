// Large or sparse files ask first (IntakeResult.needsConfirmation): the engine sealed nothing
// and says, per file, how much room its sealed copy will take. « Sceller quand même » sends
// the same files again with confirmLarge (the web host keeps the upload meanwhile).
import { useEffect, useId, useRef } from 'react';
import type { IntakeResult } from '../../../main/contract/api';
import { t } from '../i18n/fr';
import { frenchText } from '../lib/messages';

type Large = NonNullable<IntakeResult['needsConfirmation']>;

export function LargeFilesDialog({
  items,
  onConfirm,
  onCancel,
}: {
  /** null: closed. */
  items: Large | null;
  onConfirm(): void;
  onCancel(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const uid = useId();
  const open = items !== null;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const count = items?.length ?? 0;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${uid}-title`}
      aria-describedby={`${uid}-intro`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${uid}-title`}>{t('large.title', { count })}</h2>
      <p id={`${uid}-intro`}>{t('large.intro', { count })}</p>
      <ul>
        {(items ?? []).map((f) => (
          <li key={f.path}>{frenchText(f.message)}</li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="btn" onClick={onCancel} autoFocus>
          {t('large.cancel')}
        </button>
        <button type="button" className="btn btn--primary" onClick={onConfirm}>
          {t('large.confirm')}
        </button>
      </div>
    </dialog>
  );
}
