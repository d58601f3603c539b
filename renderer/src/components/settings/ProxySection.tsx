// Proxy: system, none or manual (address, user; the password to the keychain only).
import { useState } from 'react';
import type { AppInfo } from '../../../../main/contract/api';
import { settingsApi } from '../../data/api';
import { errorMessage } from '../../lib/format';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { t } from '../../i18n/fr';
import { CheckIcon, LockIcon, WarnIcon } from '../icons';
import type { SectionProps } from './section';

export function ProxySection({
  draft,
  set,
  locked,
  keychain,
}: SectionProps & { keychain: AppInfo['keychain'] | null }) {
  return (
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
      const r = await settingsApi.setProxyPassword(value);
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
