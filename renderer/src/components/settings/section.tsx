// What every Paramètres section receives: the draft, its setter, the field errors and the
// administrator's locks (key → reason); and the small pieces they share.
import { t } from '../../i18n/fr';
import type { Draft, Errors } from '../../lib/settings-draft';
import { LockIcon } from '../icons';

export interface SectionProps {
  draft: Draft;
  set<K extends keyof Draft>(key: K, value: Draft[K]): void;
  errors: Errors;
  locked(key: string): string | undefined;
}

export function Check({
  id,
  label,
  value,
  lockKey,
  locked,
  onChange,
}: {
  id: string;
  label: string;
  value: boolean;
  lockKey: string;
  locked(key: string): string | undefined;
  onChange: (v: boolean) => void;
}) {
  const reason = locked(lockKey);
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={value}
        disabled={reason !== undefined}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={reason ? `${id}-lock` : undefined}
      />
      <label htmlFor={id}>
        {label}
        {reason ? <LockIcon /> : null}
      </label>
      {reason ? (
        <p id={`${id}-lock`} className="field__lock">
          {t('settings.lockedReason', { reason })}
        </p>
      ) : null}
    </div>
  );
}
