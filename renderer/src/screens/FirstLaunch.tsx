// First-launch assistant (also used to add another commune): commune → archive → folders.
import { useEffect, useRef, useState } from 'react';
import type { ConnectionCheckView, ProfileInput } from '../../../preload/api';
import { sceau } from '../bridge';
import { Field } from '../components/Field';
import { CheckIcon, CrossIcon } from '../components/icons';
import { t } from '../i18n/fr';
import { errorMessage } from '../lib/format';
import { isHttpUrl, isSiren } from '../lib/validate';
import { useFolders } from '../stores/folders';
import { useNotifications } from '../stores/notifications';
import { useProfiles } from '../stores/profiles';
import { useUi } from '../stores/ui';

type Kind = 'demo' | 'asalae' | 'vitam';

interface Draft {
  name: string;
  siren: string;
  kind: Kind;
  url: string;
  login: string;
  password: string;
  transferringAgencyId: string;
  archivalAgreement: string;
  archivalAgencyId: string;
  sedaVersion: '2.1' | '2.2';
  tenant: string;
  context: string;
}

const EMPTY: Draft = {
  name: '',
  siren: '',
  kind: 'demo',
  url: '',
  login: '',
  password: '',
  transferringAgencyId: '',
  archivalAgreement: '',
  archivalAgencyId: '',
  sedaVersion: '2.1',
  tenant: '',
  context: '',
};

type Errors = Partial<Record<keyof Draft, string>>;

function checkStep1(d: Draft): Errors {
  const e: Errors = {};
  if (d.name.trim() === '') e.name = t('valid.nameMissing');
  if (!isSiren(d.siren)) e.siren = t('valid.siren');
  return e;
}

function checkStep2(d: Draft): Errors {
  const e: Errors = {};
  if (d.kind === 'demo') return e;
  if (d.url.trim() === '') e.url = t('valid.urlMissing');
  else if (!isHttpUrl(d.url.trim())) e.url = t('valid.url');
  else if (d.kind === 'asalae' && !/\/restservices\/?$/.test(d.url.trim())) e.url = t('valid.urlRestservices');
  if (d.kind === 'vitam' && d.tenant !== '' && !/^\d+$/.test(d.tenant)) e.tenant = t('valid.tenant');
  return e;
}

function toProfile(d: Draft): ProfileInput {
  const base: ProfileInput = { name: d.name.trim(), siren: d.siren, archiveKind: d.kind };
  if (d.kind === 'demo') return base;
  const common: ProfileInput = {
    ...base,
    endpoints: [{ url: d.url.trim() }],
    sedaVersion: d.sedaVersion,
  };
  if (d.kind === 'asalae') {
    return {
      ...common,
      login: d.login.trim(),
      transferringAgencyId: d.transferringAgencyId.trim(),
      archivalAgreement: d.archivalAgreement.trim(),
      archivalAgencyId: d.archivalAgencyId.trim(),
    };
  }
  const vitam: ProfileInput = {
    ...common,
    transferringAgencyId: d.transferringAgencyId.trim(),
    archivalAgreement: d.archivalAgreement.trim(),
    archivalAgencyId: d.archivalAgencyId.trim(),
  };
  if (d.tenant !== '') vitam.vitamTenant = Number(d.tenant);
  if (d.context.trim() !== '') vitam.vitamContext = d.context.trim();
  return vitam;
}

function explain(check: ConnectionCheckView): string {
  if (check.reachable && check.authenticated) return t('wizard.testOk');
  const plain = check.reachable ? t('wizard.testAuth') : t('wizard.testUnreachable');
  return check.message ? `${plain} ${check.message}` : plain;
}

export function FirstLaunch({ canCancel }: { canCancel: boolean }) {
  const [step, setStep] = useState(1);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [check, setCheck] = useState<{ ok: boolean; text: string } | null>(null);
  const [testing, setTesting] = useState(false);
  const [folderPath, setFolderPath] = useState('');
  const [folderError, setFolderError] = useState<string | undefined>();
  const [folders, setFolders] = useState<string[]>([]);
  const [browseNote, setBrowseNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const added = useProfiles((s) => s.added);
  const setWizardOpen = useUi((s) => s.setWizardOpen);
  const navigate = useUi((s) => s.navigate);
  const push = useNotifications((s) => s.push);

  useEffect(() => {
    document.title = `${t('wizard.title')} — Sceau`;
  }, []);
  useEffect(() => {
    if (step > 1) stepHeading.current?.focus();
  }, [step]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (key !== 'name' && key !== 'siren') setCheck(null);
  };

  const next = () => {
    const e = step === 1 ? checkStep1(draft) : checkStep2(draft);
    setErrors(e);
    const first = Object.keys(e)[0];
    if (first) {
      setFormError(t('valid.fixBefore'));
      document.getElementById(`wiz-${first}`)?.focus();
      return;
    }
    setFormError(null);
    setStep((s) => s + 1);
  };

  const test = async () => {
    const e = checkStep2(draft);
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    setTesting(true);
    setCheck(null);
    try {
      const request = draft.password
        ? {
            draft: toProfile({
              ...draft,
              name: draft.name || '-',
              siren: isSiren(draft.siren) ? draft.siren : '000000000',
            }),
            password: draft.password,
          }
        : {
            draft: toProfile({
              ...draft,
              name: draft.name || '-',
              siren: isSiren(draft.siren) ? draft.siren : '000000000',
            }),
          };
      const result = await sceau.testConnection(request);
      setCheck({ ok: result.reachable && result.authenticated, text: explain(result) });
    } catch (error) {
      setCheck({ ok: false, text: errorMessage(error) });
    } finally {
      setTesting(false);
    }
  };

  const browse = async () => {
    setBrowseNote(null);
    try {
      const { path } = await sceau.chooseFolder({});
      if (path) {
        setFolderPath(path);
        setFolderError(undefined);
      } else setBrowseNote(t('wizard.browseUnavailable'));
    } catch (error) {
      setBrowseNote(errorMessage(error));
    }
  };

  const addFolder = () => {
    const p = folderPath.trim();
    if (p === '') {
      setFolderError(t('valid.pathMissing'));
      return;
    }
    setFolderError(undefined);
    if (!folders.includes(p)) setFolders([...folders, p]);
    setFolderPath('');
  };

  const finish = async () => {
    setBusy(true);
    setFormError(null);
    const pendingPath = folderPath.trim();
    const all = pendingPath && !folders.includes(pendingPath) ? [...folders, pendingPath] : folders;
    try {
      const profile = await sceau.createProfile(
        draft.password && draft.kind !== 'demo'
          ? { profile: toProfile(draft), password: draft.password }
          : { profile: toProfile(draft) },
      );
      for (const path of all) {
        try {
          await sceau.addFolder({ profileId: profile.id, path, mode: 'auto' });
        } catch (error) {
          push('warning', t('wizard.folderFailed', { path, message: errorMessage(error) }));
        }
      }
      await added(profile);
      await useFolders
        .getState()
        .load(profile.id)
        .catch(() => undefined);
      setWizardOpen(false);
      navigate('dashboard');
    } catch (error) {
      setFormError(errorMessage(error));
      setBusy(false);
    }
  };

  const steps = [t('wizard.step1'), t('wizard.step2'), t('wizard.step3')];

  return (
    <main id="main" className="wizard" tabIndex={-1}>
      <h1 className="page-title">{t('wizard.title')}</h1>
      <p className="lead">{t('wizard.intro')}</p>
      <ol className="stepper">
        {steps.map((label, i) => (
          <li
            key={label}
            aria-current={step === i + 1 ? 'step' : undefined}
            className={step > i + 1 ? 'stepper__done' : ''}
          >
            <span className="stepper__num" aria-hidden="true">
              {i + 1}
            </span>
            {label}
          </li>
        ))}
      </ol>
      <form
        className="card wizard__card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (step < 3) next();
          else void finish();
        }}
      >
        <p className="muted">{t('wizard.step', { step })}</p>
        <h2 ref={stepHeading} tabIndex={-1}>
          {steps[step - 1]}
        </h2>

        {step === 1 ? (
          <>
            <Field id="wiz-name" label={t('wizard.name')} hint={t('wizard.nameHint')} error={errors.name} required>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  autoComplete="organization"
                  value={draft.name}
                  onChange={(e) => set('name', e.target.value)}
                />
              )}
            </Field>
            <Field id="wiz-siren" label={t('wizard.siren')} hint={t('wizard.sirenHint')} error={errors.siren} required>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  inputMode="numeric"
                  maxLength={9}
                  value={draft.siren}
                  onChange={(e) => {
                    const v = e.target.value.replace(/\s/g, '');
                    set('siren', v);
                    if (errors.siren && isSiren(v)) setErrors({ ...errors, siren: undefined });
                  }}
                  onBlur={() =>
                    setErrors({
                      ...errors,
                      siren: draft.siren === '' || isSiren(draft.siren) ? undefined : t('valid.siren'),
                    })
                  }
                />
              )}
            </Field>
          </>
        ) : null}

        {step === 2 ? (
          <>
            <fieldset className="choices">
              <legend>{t('wizard.archiveLegend')}</legend>
              {(['demo', 'asalae', 'vitam'] as const).map((kind) => (
                <div key={kind} className="choice">
                  <input
                    type="radio"
                    id={`wiz-kind-${kind}`}
                    name="kind"
                    value={kind}
                    checked={draft.kind === kind}
                    onChange={() => set('kind', kind)}
                    aria-describedby={`wiz-kind-${kind}-hint`}
                  />
                  <label htmlFor={`wiz-kind-${kind}`}>{t(`wizard.${kind}`)}</label>
                  <p id={`wiz-kind-${kind}-hint`} className="field__hint">
                    {t(`wizard.${kind}Hint`)}
                  </p>
                </div>
              ))}
            </fieldset>
            {draft.kind !== 'demo' ? (
              <div className="grid2">
                <Field
                  id="wiz-url"
                  label={t('wizard.url')}
                  hint={draft.kind === 'asalae' ? t('wizard.urlHintAsalae') : t('wizard.urlHintVitam')}
                  error={errors.url}
                  required
                >
                  {(p) => <input {...p} type="url" value={draft.url} onChange={(e) => set('url', e.target.value)} />}
                </Field>
                {draft.kind === 'asalae' ? (
                  <>
                    <Field id="wiz-login" label={t('wizard.login')}>
                      {(p) => (
                        <input
                          {...p}
                          type="text"
                          autoComplete="username"
                          value={draft.login}
                          onChange={(e) => set('login', e.target.value)}
                        />
                      )}
                    </Field>
                    <Field id="wiz-password" label={t('wizard.password')} hint={t('wizard.passwordHint')}>
                      {(p) => (
                        <input
                          {...p}
                          type="password"
                          autoComplete="current-password"
                          value={draft.password}
                          onChange={(e) => set('password', e.target.value)}
                        />
                      )}
                    </Field>
                  </>
                ) : (
                  <>
                    <Field id="wiz-tenant" label={t('wizard.tenant')} error={errors.tenant}>
                      {(p) => (
                        <input
                          {...p}
                          type="text"
                          inputMode="numeric"
                          value={draft.tenant}
                          onChange={(e) => set('tenant', e.target.value)}
                        />
                      )}
                    </Field>
                    <Field id="wiz-context" label={t('wizard.context')}>
                      {(p) => (
                        <input
                          {...p}
                          type="text"
                          value={draft.context}
                          onChange={(e) => set('context', e.target.value)}
                        />
                      )}
                    </Field>
                    <p className="note">{t('wizard.certNote')}</p>
                  </>
                )}
                <Field
                  id="wiz-transferring"
                  label={t('wizard.transferringAgency')}
                  hint={t('wizard.transferringAgencyHint')}
                >
                  {(p) => (
                    <input
                      {...p}
                      type="text"
                      value={draft.transferringAgencyId}
                      onChange={(e) => set('transferringAgencyId', e.target.value)}
                    />
                  )}
                </Field>
                <Field id="wiz-agreement" label={t('wizard.agreement')}>
                  {(p) => (
                    <input
                      {...p}
                      type="text"
                      value={draft.archivalAgreement}
                      onChange={(e) => set('archivalAgreement', e.target.value)}
                    />
                  )}
                </Field>
                <Field id="wiz-archival" label={t('wizard.archivalAgency')} hint={t('wizard.archivalAgencyHint')}>
                  {(p) => (
                    <input
                      {...p}
                      type="text"
                      value={draft.archivalAgencyId}
                      onChange={(e) => set('archivalAgencyId', e.target.value)}
                    />
                  )}
                </Field>
                <Field id="wiz-seda" label={t('wizard.seda')}>
                  {(p) => (
                    <select
                      {...p}
                      value={draft.sedaVersion}
                      onChange={(e) => set('sedaVersion', e.target.value === '2.2' ? '2.2' : '2.1')}
                    >
                      <option value="2.1">SEDA 2.1</option>
                      <option value="2.2">SEDA 2.2</option>
                    </select>
                  )}
                </Field>
              </div>
            ) : null}
            <div className="actions actions--start">
              <button type="button" className="btn" onClick={() => void test()} disabled={testing}>
                {testing ? t('wizard.testing') : t('wizard.test')}
              </button>
            </div>
            <div role="status" aria-live="polite">
              {check ? (
                <p className={`banner ${check.ok ? 'banner--success' : 'banner--danger'}`}>
                  {check.ok ? <CheckIcon /> : <CrossIcon />} {check.text}
                </p>
              ) : null}
            </div>
          </>
        ) : null}

        {step === 3 ? (
          <>
            <p>{t('wizard.foldersIntro')}</p>
            <Field id="wiz-folder" label={t('wizard.folderPath')} hint={t('wizard.folderPathHint')} error={folderError}>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  value={folderPath}
                  onChange={(e) => setFolderPath(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      addFolder();
                    }
                  }}
                />
              )}
            </Field>
            <div className="actions actions--start">
              <button type="button" className="btn" onClick={() => void browse()}>
                {t('wizard.browse')}
              </button>
              <button type="button" className="btn" onClick={addFolder}>
                {t('wizard.addFolder')}
              </button>
            </div>
            {browseNote ? (
              <p className="note" role="status">
                {browseNote}
              </p>
            ) : null}
            <h3>{t('wizard.foldersChosen')}</h3>
            {folders.length === 0 ? (
              <p className="muted">{t('wizard.noFolders')}</p>
            ) : (
              <ul className="plain-list">
                {folders.map((f) => (
                  <li key={f}>
                    <code>{f}</code>{' '}
                    <button
                      type="button"
                      className="btn btn--ghost btn--small"
                      onClick={() => setFolders(folders.filter((x) => x !== f))}
                    >
                      {t('folders.removeShort')}
                      <span className="sr-only"> {f}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : null}

        {formError ? (
          <p className="banner banner--danger" role="alert">
            {formError}
          </p>
        ) : null}

        <div className="actions">
          {canCancel ? (
            <button type="button" className="btn btn--ghost" onClick={() => setWizardOpen(false)}>
              {t('common.cancel')}
            </button>
          ) : null}
          {step > 1 ? (
            <button type="button" className="btn" onClick={() => setStep(step - 1)} disabled={busy}>
              {t('common.previous')}
            </button>
          ) : null}
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {step < 3 ? t('common.next') : busy ? t('wizard.finishing') : t('wizard.finish')}
          </button>
        </div>
      </form>
    </main>
  );
}
