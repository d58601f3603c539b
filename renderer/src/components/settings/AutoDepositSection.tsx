// Automatic deposit of complete documents from watched folders: off, now, or tonight.
import { t } from '../../i18n/fr';
import { LockIcon } from '../icons';
import type { SectionProps } from './section';
import { AUTO_DEPOSIT } from '../../lib/settings-draft';

export function AutoDepositSection({ draft, set, locked }: SectionProps) {
  return (
    <section className="card" aria-labelledby="set-auto">
      <h2 id="set-auto">{t('settings.auto')}</h2>
      <fieldset className="choices" disabled={locked('autoDeposit') !== undefined}>
        <legend>
          {t('settings.autoLegend')}
          {locked('autoDeposit') ? <LockIcon /> : null}
        </legend>
        {locked('autoDeposit') ? (
          <p className="field__lock">{t('settings.lockedReason', { reason: locked('autoDeposit') ?? '' })}</p>
        ) : null}
        {AUTO_DEPOSIT.map((m) => (
          <div className="choice" key={m}>
            <input
              type="radio"
              id={`set-auto-${m}`}
              name="autoDeposit"
              checked={draft.autoDeposit === m}
              onChange={() => set('autoDeposit', m)}
              aria-describedby={`set-auto-${m}-hint`}
            />
            <label htmlFor={`set-auto-${m}`}>{t(`settings.auto.${m}`)}</label>
            <p id={`set-auto-${m}-hint`} className="field__hint">
              {m === 'tonight'
                ? t('settings.auto.tonightHint', { start: draft.nightStart, end: draft.nightEnd })
                : t(`settings.auto.${m}Hint`)}
            </p>
          </div>
        ))}
      </fieldset>
      <p className="note">{t('settings.autoNote')}</p>
    </section>
  );
}
