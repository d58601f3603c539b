// The time-stamping authority: its address and the certificate its tokens must chain to.
import { t } from '../../i18n/fr';
import type { SectionProps } from './section';
import { Field } from '../Field';

export function TsaSection({ draft, set, errors, locked }: SectionProps) {
  return (
    <section className="card" aria-labelledby="set-tsa">
      <h2 id="set-tsa">{t('settings.tsa')}</h2>
      <p className="muted">{t('settings.tsaIntro')}</p>
      <Field
        id="set-tsaUrl"
        label={t('settings.tsaUrl')}
        hint={t('settings.tsaUrlHint')}
        error={errors.tsaUrl}
        locked={locked('tsaUrl')}
      >
        {(p) => <input {...p} type="url" value={draft.tsaUrl} onChange={(e) => set('tsaUrl', e.target.value)} />}
      </Field>
      <Field
        id="set-tsaCertPem"
        label={t('settings.tsaCert')}
        hint={t('settings.tsaCertHint')}
        error={errors.tsaCertPem}
        locked={locked('tsaCertPem')}
      >
        {(p) => (
          <textarea
            {...p}
            rows={4}
            spellCheck={false}
            className="mono"
            value={draft.tsaCertPem}
            onChange={(e) => set('tsaCertPem', e.target.value)}
          />
        )}
      </Field>
    </section>
  );
}
