// Start at login, notifications, language.
import { t } from '../../i18n/fr';
import { Check, type SectionProps } from './section';
import { Field } from '../Field';

export function GeneralSection({ draft, set, locked }: SectionProps) {
  return (
    <section className="card" aria-labelledby="set-general">
      <h2 id="set-general">{t('settings.general')}</h2>
      {Check({
        locked,
        id: 'set-login',
        label: t('settings.startAtLogin'),
        value: draft.startAtLogin,
        lockKey: 'startAtLogin',
        onChange: (v) => set('startAtLogin', v),
      })}
      {Check({
        locked,
        id: 'set-notif',
        label: t('settings.notifications'),
        value: draft.notifications,
        lockKey: 'notifications',
        onChange: (v) => set('notifications', v),
      })}
      <Field id="set-lang" label={t('settings.language')}>
        {(p) => (
          <select {...p} disabled value="fr">
            <option value="fr">{t('settings.languageValue')}</option>
          </select>
        )}
      </Field>
    </section>
  );
}
