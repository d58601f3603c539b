// Paramètres: the communes (edit, remove), automatic deposit of watched folders, bandwidth,
// office hours, night window, metered pause, proxy (its password to the keychain only),
// start at login, notifications, time-stamping, theme, language. Keys locked by the
// administrator are disabled with their reason; a policy error is shown as a banner.
import { useEffect, useState } from 'react';
import type { AppInfo, SettingsPatch, SettingsView } from '../../../main/contract/api';
import { CHANNELS } from '../../../main/contract/api';
import { sceau } from '../bridge';
import { Communes } from '../components/Communes';
import { Field } from '../components/Field';
import { CheckIcon, LockIcon, WarnIcon } from '../components/icons';
import { PageTitle } from '../components/PageTitle';
import { t } from '../i18n/fr';
import { errorMessage } from '../lib/format';
import { isHttpUrl, isTime } from '../lib/validate';
import { useNotifications } from '../stores/notifications';
import { useSettings } from '../stores/settings';
import { ErrorBanner } from '../components/ErrorBanner';

type Values = SettingsView['values'];
type Theme = Values['theme'];
type AutoDeposit = Values['autoDeposit'];
/** The contract's choices, in its order (Non, Dès que possible, Le soir). */
const AUTO_DEPOSIT: readonly AutoDeposit[] = CHANNELS.updateSettings.shape.autoDeposit.unwrap().options;
/** ISO weekdays, as the contract wants them: 1 = lundi … 7 = dimanche. */
const DAYS = [1, 2, 3, 4, 5, 6, 7];

interface Draft {
  bandwidth: string;
  officeEnabled: boolean;
  officeStart: string;
  officeEnd: string;
  officeLimit: string;
  officeDays: number[];
  nightStart: string;
  nightEnd: string;
  pauseOnMetered: boolean;
  proxyMode: 'system' | 'none' | 'manual';
  proxyUrl: string;
  proxyUser: string;
  startAtLogin: boolean;
  notifications: boolean;
  tsaUrl: string;
  tsaCertPem: string;
  autoDeposit: AutoDeposit;
}

function toDraft(v: Values): Draft {
  return {
    bandwidth: v.bandwidthLimitKbps === null ? '' : String(v.bandwidthLimitKbps),
    officeEnabled: v.officeHours.enabled,
    officeStart: v.officeHours.start,
    officeEnd: v.officeHours.end,
    officeLimit: String(v.officeHours.limitKbps),
    officeDays: [...v.officeHours.days],
    nightStart: v.nightWindow.start,
    nightEnd: v.nightWindow.end,
    pauseOnMetered: v.pauseOnMetered,
    proxyMode: v.proxy.mode,
    proxyUrl: v.proxy.url ?? '',
    proxyUser: v.proxy.username ?? '',
    startAtLogin: v.startAtLogin,
    notifications: v.notifications,
    tsaUrl: v.tsaUrl ?? '',
    tsaCertPem: v.tsaCertPem ?? '',
    autoDeposit: v.autoDeposit,
  };
}

type Errors = Partial<Record<keyof Draft, string>>;

function check(d: Draft): Errors {
  const e: Errors = {};
  if (d.bandwidth !== '' && !/^\d+$/.test(d.bandwidth)) e.bandwidth = t('valid.number0');
  if (!/^\d+$/.test(d.officeLimit)) e.officeLimit = t('valid.number0');
  if (!isTime(d.officeStart)) e.officeStart = t('valid.time');
  if (!isTime(d.officeEnd)) e.officeEnd = t('valid.time');
  if (!isTime(d.nightStart)) e.nightStart = t('valid.time');
  if (!isTime(d.nightEnd)) e.nightEnd = t('valid.time');
  if (d.tsaUrl.trim() !== '' && !isHttpUrl(d.tsaUrl.trim())) e.tsaUrl = t('valid.url');
  const pem = d.tsaCertPem.trim();
  if (pem !== '' && !/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(pem))
    e.tsaCertPem = t('valid.pem');
  if (d.tsaUrl.trim() !== '' && pem === '') e.tsaCertPem = t('valid.pemMissing');
  return e;
}

export function Settings() {
  const view = useSettings((s) => s.view);
  const save = useSettings((s) => s.save);
  const push = useNotifications((s) => s.push);
  const [draft, setDraft] = useState<Draft | null>(view ? toDraft(view.values) : null);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [keychain, setKeychain] = useState<AppInfo['keychain'] | null>(null);

  useEffect(() => {
    void sceau
      .getAppInfo({})
      .then((info) => setKeychain(info.keychain))
      .catch(() => setKeychain(null));
  }, []);

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
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });

  const setTheme = async (theme: Theme) => {
    try {
      await save({ theme });
    } catch (e) {
      push('error', errorMessage(e));
    }
  };

  const submit = async () => {
    const e = check(draft);
    setErrors(e);
    const first = Object.keys(e)[0];
    if (first) {
      document.getElementById(`set-${first}`)?.focus();
      return;
    }
    const patch: SettingsPatch = {};
    if (!locked('bandwidthLimitKbps'))
      patch.bandwidthLimitKbps = draft.bandwidth === '' ? null : Number(draft.bandwidth);
    if (!locked('officeHours'))
      patch.officeHours = {
        enabled: draft.officeEnabled,
        start: draft.officeStart,
        end: draft.officeEnd,
        limitKbps: Number(draft.officeLimit),
        days: [...draft.officeDays].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b),
      };
    if (!locked('nightWindow')) patch.nightWindow = { start: draft.nightStart, end: draft.nightEnd };
    if (!locked('pauseOnMetered')) patch.pauseOnMetered = draft.pauseOnMetered;
    if (!locked('proxy')) {
      const proxy: NonNullable<SettingsPatch['proxy']> = { mode: draft.proxyMode };
      if (draft.proxyMode === 'manual') {
        if (draft.proxyUrl.trim()) proxy.url = draft.proxyUrl.trim();
        if (draft.proxyUser.trim()) proxy.username = draft.proxyUser.trim();
      }
      patch.proxy = proxy;
    }
    if (!locked('startAtLogin')) patch.startAtLogin = draft.startAtLogin;
    if (!locked('notifications')) patch.notifications = draft.notifications;
    if (!locked('tsaUrl')) patch.tsaUrl = draft.tsaUrl.trim() === '' ? null : draft.tsaUrl.trim();
    if (!locked('tsaCertPem')) patch.tsaCertPem = draft.tsaCertPem.trim() === '' ? null : draft.tsaCertPem.trim();
    if (!locked('autoDeposit')) patch.autoDeposit = draft.autoDeposit;
    setSaving(true);
    setError(null);
    try {
      const v = await save(patch);
      setDraft(toDraft(v.values));
      push('success', t('settings.saved'));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const Check = ({
    id,
    label,
    value,
    lockKey,
    onChange,
  }: {
    id: string;
    label: string;
    value: boolean;
    lockKey: string;
    onChange: (v: boolean) => void;
  }) => {
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
                    <input
                      {...p}
                      type="time"
                      value={draft.officeEnd}
                      onChange={(e) => set('officeEnd', e.target.value)}
                    />
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
                      onChange={(e) =>
                        set(
                          'officeDays',
                          e.target.checked ? [...draft.officeDays, d] : draft.officeDays.filter((x) => x !== d),
                        )
                      }
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
                  <input
                    {...p}
                    type="time"
                    value={draft.nightStart}
                    onChange={(e) => set('nightStart', e.target.value)}
                  />
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
            id: 'set-metered',
            label: t('settings.metered'),
            value: draft.pauseOnMetered,
            lockKey: 'pauseOnMetered',
            onChange: (v) => set('pauseOnMetered', v),
          })}
        </section>

        <section className="card" aria-labelledby="set-proxy">
          <h2 id="set-proxy">{t('settings.proxy')}</h2>
          <fieldset className="choices" disabled={locked('proxy') !== undefined}>
            <legend>
              {t('settings.proxy')}
              {locked('proxy') ? <LockIcon /> : null}
            </legend>
            {locked('proxy') ? (
              <p className="field__lock">{t('settings.lockedReason', { reason: locked('proxy') ?? '' })}</p>
            ) : null}
            {(['system', 'none', 'manual'] as const).map((m) => (
              <div className="choice" key={m}>
                <input
                  type="radio"
                  id={`set-proxy-${m}`}
                  name="proxy"
                  checked={draft.proxyMode === m}
                  onChange={() => set('proxyMode', m)}
                />
                <label htmlFor={`set-proxy-${m}`}>{t(`settings.proxy.${m}`)}</label>
              </div>
            ))}
            {draft.proxyMode === 'manual' ? (
              <div className="grid2">
                <Field id="set-proxyUrl" label={t('settings.proxyUrl')}>
                  {(p) => (
                    <input {...p} type="url" value={draft.proxyUrl} onChange={(e) => set('proxyUrl', e.target.value)} />
                  )}
                </Field>
                <Field id="set-proxyUser" label={t('settings.proxyUser')}>
                  {(p) => (
                    <input
                      {...p}
                      type="text"
                      autoComplete="username"
                      value={draft.proxyUser}
                      onChange={(e) => set('proxyUser', e.target.value)}
                    />
                  )}
                </Field>
              </div>
            ) : null}
            {draft.proxyMode === 'manual' ? <ProxyPassword keychain={keychain} /> : null}
          </fieldset>
        </section>

        <section className="card" aria-labelledby="set-general">
          <h2 id="set-general">{t('settings.general')}</h2>
          {Check({
            id: 'set-login',
            label: t('settings.startAtLogin'),
            value: draft.startAtLogin,
            lockKey: 'startAtLogin',
            onChange: (v) => set('startAtLogin', v),
          })}
          {Check({
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

        <ErrorBanner message={error} />
        <div className="actions actions--start">
          <button type="submit" className="btn btn--primary" disabled={saving}>
            {saving ? t('common.saving') : t('settings.save')}
          </button>
        </div>
      </form>

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

/**
 * The proxy password goes to the keychain only (setProxyPassword): typed, stored, never
 * shown back. Its own buttons, outside the settings' « Enregistrer ». Where no keychain
 * exists, the engine keeps it for the session: said as such, not as « trousseau ».
 */
function ProxyPassword({ keychain }: { keychain: AppInfo['keychain'] | null }) {
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [status, setStatus] = useState<{ tone: 'success' | 'warning' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inKeychain = keychain?.kind === 'keychain';

  const store = async (value: string | null) => {
    if (value !== null && value === '') {
      setFieldError(t('settings.proxyPasswordMissing'));
      document.getElementById('set-proxyPassword')?.focus();
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const r = await sceau.setProxyPassword({ password: value });
      setPassword('');
      if (!r.stored) setStatus({ tone: 'info', text: t('settings.proxyPasswordRemoved') });
      else if (inKeychain) setStatus({ tone: 'success', text: t('settings.proxyPasswordStored') });
      else setStatus({ tone: 'warning', text: t('settings.proxyPasswordSession') });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="secret">
      <Field
        id="set-proxyPassword"
        label={t('settings.proxyPassword')}
        hint={keychain && !inKeychain ? t('settings.proxyPasswordHintSession') : t('settings.proxyPasswordHint')}
        error={fieldError}
      >
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setStatus(null);
            }}
            onKeyDown={(e) => {
              // Enter stores the password; it must not submit the settings around it.
              if (e.key === 'Enter') {
                e.preventDefault();
                void store(password);
              }
            }}
          />
        )}
      </Field>
      <div className="actions actions--start actions--tight">
        <button type="button" className="btn" disabled={busy} onClick={() => void store(password)}>
          {t('settings.proxyPasswordSave')}
        </button>
        <button type="button" className="btn btn--danger-quiet" disabled={busy} onClick={() => void store(null)}>
          {t('settings.proxyPasswordRemove')}
          <span className="sr-only"> {t('settings.proxyPasswordRemoveLong')}</span>
        </button>
      </div>
      <div role="status">
        {status ? (
          <p className={`banner banner--${status.tone}`}>
            {status.tone === 'success' ? <CheckIcon /> : status.tone === 'warning' ? <WarnIcon /> : null} {status.text}
          </p>
        ) : null}
      </div>
      <ErrorBanner message={error} />
    </div>
  );
}
