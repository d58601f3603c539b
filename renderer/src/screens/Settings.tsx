// Paramètres: the communes (edit, remove), then the application's settings in sections
// (automatic deposit, network, proxy, general, time-stamping) saved together, and the theme,
// applied at once. Keys locked by the administrator are disabled with their reason; a policy
// error is shown as a banner. The draft↔patch mapping is in lib/settings-draft.ts. Then the
// data folder (opened in the desktop app, its path to copy in the browser) and the theme.
import { useEffect, useState } from 'react';
import { Communes } from '../components/Communes';
import { ErrorBanner } from '../components/ErrorBanner';
import { PageTitle } from '../components/PageTitle';
import { AutoDepositSection } from '../components/settings/AutoDepositSection';
import { DataFolderSection } from '../components/settings/DataFolderSection';
import { GeneralSection } from '../components/settings/GeneralSection';
import { NetworkSection } from '../components/settings/NetworkSection';
import { ProxySection } from '../components/settings/ProxySection';
import type { SectionProps } from '../components/settings/section';
import { TsaSection } from '../components/settings/TsaSection';
import { settingsApi } from '../data/api';
import { useQuery } from '../data/query';
import { t } from '../i18n/fr';
import { errorMessage } from '../lib/format';
import { checkDraft, toDraft, toPatch, type Draft, type Errors, type Theme } from '../lib/settings-draft';
import { useNotifications } from '../stores/notifications';
import { useSettings } from '../stores/settings';

export function Settings() {
  const view = useSettings((s) => s.view);
  const save = useSettings((s) => s.save);
  const push = useNotifications((s) => s.push);
  const [draft, setDraft] = useState<Draft | null>(view ? toDraft(view.values) : null);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const info = useQuery(['app-info'], () => settingsApi.appInfo());
  const keychain = info.data?.keychain ?? null;

  useEffect(() => {
    void useSettings
      .getState()
      .load()
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    if (view && draft === null) setDraft(toDraft(view.values));
  }, [view, draft]);

  if (!view || !draft) {
    return (
      <>
        <PageTitle>{t('settings.title')}</PageTitle>
        {error ? <p className="banner banner--danger">{error}</p> : <p className="muted">{t('common.loading')}</p>}
      </>
    );
  }

  const locked = (key: string): string | undefined => view.locked[key];
  const section: SectionProps = {
    draft,
    errors,
    locked,
    set: (key, value) => setDraft({ ...draft, [key]: value }),
  };

  const setTheme = async (theme: Theme) => {
    try {
      await save({ theme });
    } catch (e) {
      push('error', errorMessage(e));
    }
  };

  const submit = async () => {
    const e = checkDraft(draft);
    setErrors(e);
    const first = Object.keys(e)[0];
    if (first) {
      document.getElementById(`set-${first}`)?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const v = await save(toPatch(draft, view.locked));
      setDraft(toDraft(v.values));
      push('success', t('settings.saved'));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageTitle>{t('settings.title')}</PageTitle>
      <ErrorBanner message={view.policyError ? t('settings.policyError', { message: view.policyError }) : null} />
      <Communes />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <AutoDepositSection {...section} />
        <NetworkSection {...section} />
        <ProxySection {...section} keychain={keychain} />
        <GeneralSection {...section} />
        <TsaSection {...section} />
        <ErrorBanner message={error} />
        <div className="actions actions--start">
          <button type="submit" className="btn btn--primary" disabled={saving}>
            {saving ? t('common.saving') : t('settings.save')}
          </button>
        </div>
      </form>

      <DataFolderSection dataDir={info.data?.dataDir ?? null} />

      <section className="card" aria-labelledby="set-theme-title">
        <h2 id="set-theme-title">{t('settings.theme')}</h2>
        <fieldset className="choices" disabled={locked('theme') !== undefined}>
          <legend className="sr-only">{t('settings.theme')}</legend>
          {locked('theme') ? (
            <p className="field__lock">{t('settings.lockedReason', { reason: locked('theme') ?? '' })}</p>
          ) : null}
          {(['system', 'light', 'dark'] as const).map((m) => (
            <div className="choice" key={m}>
              <input
                type="radio"
                id={`set-theme-${m}`}
                name="theme"
                checked={view.values.theme === m}
                onChange={() => void setTheme(m)}
              />
              <label htmlFor={`set-theme-${m}`}>{t(`settings.theme.${m}`)}</label>
            </div>
          ))}
        </fieldset>
      </section>
    </>
  );
}
