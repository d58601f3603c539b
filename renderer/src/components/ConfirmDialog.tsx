// A modal confirmation built on the native <dialog> (focus trap and Escape for free). Other
// questions compose it (a choice of commune, the acts of a drop): their fields go in
// `children`, between the message and the two buttons.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { t } from '../i18n/fr';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  /** « Annuler » unless the question needs its own words. */
  cancelLabel?: string;
  danger?: boolean;
  /** Fields of the question; the first focusable one gets the focus when it opens. */
  children?: ReactNode;
  /** Extra class on the dialog (« dialog--wide » for a long list). */
  className?: string;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  cancelLabel,
  danger,
  children,
  className,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const uid = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={`${uid}-title`}
      aria-describedby={`${uid}-message`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${uid}-title`}>{title}</h2>
      <p id={`${uid}-message`}>{message}</p>
      {children}
      <div className="actions">
        <button type="button" className="btn" onClick={onCancel} autoFocus={children === undefined}>
          {cancelLabel ?? t('common.cancel')}
        </button>
        <button type="button" className={`btn ${danger ? 'btn--danger' : 'btn--primary'}`} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
