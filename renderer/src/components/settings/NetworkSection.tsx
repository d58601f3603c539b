// Bandwidth, office hours (their limit and days), the night window, pause on a metered link.
import { t } from '../../i18n/fr';
import { LockIcon } from '../icons';
import { Check, type SectionProps } from './section';
import { DAYS, toggleDay } from '../../lib/settings-draft';
import { Field } from '../Field';

export function NetworkSection({ draft, set, errors, locked }: SectionProps) {
  return (
    <section className="card" aria-labelledby="set-network">
      <h2 id="set-network">{t('settings.network')}</h2>
      <Field
        id="set-bandwidth"
        label={t('settings.bandwidth')}
        hint={t('settings.bandwidthHint')}
        error={errors.bandwidth}
        locked={locked('bandwidthLimitKbps')}
      >
        {(p) => (
          <input
            {...p}
            type="text"
            inputMode="numeric"
            value={draft.bandwidth}
            onChange={(e) => set('bandwidth', e.target.value.trim())}
          />
        )}
      </Field>
      <fieldset className="group" disabled={locked('officeHours') !== undefined}>
        <legend>
          {t('settings.officeHoursLegend')}
          {locked('officeHours') ? <LockIcon /> : null}
        </legend>
        {locked('officeHours') ? (
          <p className="field__lock">{t('settings.lockedReason', { reason: locked('officeHours') ?? '' })}</p>
        ) : null}
        <div className="check">
          <input
            id="set-officeEnabled"
            type="checkbox"
            checked={draft.officeEnabled}
            onChange={(e) => set('officeEnabled', e.target.checked)}
          />
          <label htmlFor="set-officeEnabled">{t('settings.officeHours')}</label>
        </div>
        <p className="field__hint">{t('settings.officeHint')}</p>
        <fieldset className="bare" disabled={!draft.officeEnabled}>
          <legend className="sr-only">{t('settings.officeHoursLegend')}</legend>
          <div className="grid3">
            <Field id="set-officeStart" label={t('settings.officeStart')} error={errors.officeStart}>
              {(p) => (
                <input
                  {...p}
                  type="time"
                  value={draft.officeStart}
                  onChange={(e) => set('officeStart', e.target.value)}
                />
              )}
            </Field>
            <Field id="set-officeEnd" label={t('settings.officeEnd')} error={errors.officeEnd}>
              {(p) => (
                <input {...p} type="time" value={draft.officeEnd} onChange={(e) => set('officeEnd', e.target.value)} />
              )}
            </Field>
            <Field id="set-officeLimit" label={t('settings.officeLimit')} error={errors.officeLimit}>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  inputMode="numeric"
                  value={draft.officeLimit}
                  onChange={(e) => set('officeLimit', e.target.value.trim())}
                />
              )}
            </Field>
          </div>
          <fieldset className="days">
            <legend>{t('settings.officeDays')}</legend>
            {DAYS.map((d) => (
              <div className="check check--inline" key={d}>
                <input
                  id={`set-day-${d}`}
                  type="checkbox"
                  checked={draft.officeDays.includes(d)}
                  onChange={(e) => set('officeDays', toggleDay(draft.officeDays, d, e.target.checked))}
                />
                <label htmlFor={`set-day-${d}`}>{t(`day.${d}` as 'day.1')}</label>
              </div>
            ))}
          </fieldset>
        </fieldset>
      </fieldset>
      <fieldset className="group" disabled={locked('nightWindow') !== undefined}>
        <legend>
          {t('settings.night')}
          {locked('nightWindow') ? <LockIcon /> : null}
        </legend>
        {locked('nightWindow') ? (
          <p className="field__lock">{t('settings.lockedReason', { reason: locked('nightWindow') ?? '' })}</p>
        ) : null}
        <div className="grid3">
          <Field id="set-nightStart" label={t('settings.nightStart')} error={errors.nightStart}>
            {(p) => (
              <input {...p} type="time" value={draft.nightStart} onChange={(e) => set('nightStart', e.target.value)} />
            )}
          </Field>
          <Field id="set-nightEnd" label={t('settings.nightEnd')} error={errors.nightEnd}>
            {(p) => (
              <input {...p} type="time" value={draft.nightEnd} onChange={(e) => set('nightEnd', e.target.value)} />
            )}
          </Field>
        </div>
      </fieldset>
      {Check({
        locked,
        id: 'set-metered',
        label: t('settings.metered'),
        value: draft.pauseOnMetered,
        lockKey: 'pauseOnMetered',
        onChange: (v) => set('pauseOnMetered', v),
      })}
    </section>
  );
}
