// A labelled form control with its hint and its validation message beside it.
import type { FocusEvent, ReactNode } from 'react';
import { t } from '../i18n/fr';
import { HelpTip } from './HelpTip';
import { LockIcon } from './icons';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  disabled?: boolean;
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  /** A plain-French explanation behind a « ? » button (jargon fields). */
  help?: string;
  error?: string | undefined;
  required?: boolean;
  /** Reason shown when an administrator locked this setting. */
  locked?: string | undefined;
  children: (props: ControlProps) => ReactNode;
}

export function Field({ id, label, hint, help, error, required, locked, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const lockId = locked ? `${id}-lock` : undefined;
  const describedBy = [hintId, errorId, lockId].filter(Boolean).join(' ') || undefined;
  const props: ControlProps = { id };
  if (describedBy) props['aria-describedby'] = describedBy;
  if (error) props['aria-invalid'] = true;
  if (locked) props.disabled = true;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <div className="field__head">
        <label htmlFor={id} className="field__label">
          {label}
          {required ? <span className="field__req"> ({t('common.required')})</span> : null}
          {locked ? <LockIcon /> : null}
        </label>
        {help ? <HelpTip id={id} topic={label} text={help} /> : null}
      </div>
      <div className="field__row">
        <div className="field__control">{children(props)}</div>
        {error ? (
          <p id={errorId} className="field__error">
            <span aria-hidden="true">⚠ </span>
            {error}
          </p>
        ) : null}
      </div>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {locked ? (
        <p id={lockId} className="field__lock">
          {t('settings.lockedReason', { reason: locked })}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Whether a field is left for its form's submit button. The submit checks every field
 * itself; showing a message on that blur would push the button from under the pointer
 * between mousedown and mouseup, and the click would be lost.
 */
export function leavingForSubmit(e: FocusEvent): boolean {
  const next = e.relatedTarget;
  return next instanceof HTMLButtonElement && next.type === 'submit';
}
