// A commune's fields, shared by the first-launch assistant and the editing of a commune
// in Paramètres: its name and SIREN, then its archive (demo, as@lae, Vitam) with the
// connection settings. Drafts are plain strings; `toProfileInput` builds the contract's
// ProfileInput, keeping what this form does not show (rules, TLS, other endpoints…).
import type { Dispatch, SetStateAction } from 'react';
import type { ConnectionCheckView, ProfileInput, ProfileView } from '../../../main/contract/api';
import { t } from '../i18n/fr';
import { isHttpUrl, isSiren, cleanSiren } from '../lib/validate';
import { Field, leavingForSubmit } from './Field';
import { CheckIcon, CrossIcon } from './icons';

export type Kind = ProfileView['archiveKind'];
export const KINDS: Kind[] = ['demo', 'asalae', 'vitam'];

export interface ProfileDraft {
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

export const EMPTY_PROFILE_DRAFT: ProfileDraft = {
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

export type ProfileErrors = Partial<Record<keyof ProfileDraft, string>>;

export function draftFromProfile(p: ProfileView): ProfileDraft {
  return {
    name: p.name,
    siren: p.siren,
    kind: p.archiveKind,
    url: p.endpoints[0]?.url ?? '',
    login: p.login,
    password: '',
    transferringAgencyId: p.transferringAgencyId,
    archivalAgreement: p.archivalAgreement,
    archivalAgencyId: p.archivalAgencyId,
    sedaVersion: p.sedaVersion,
    tenant: p.vitamTenant === undefined ? '' : String(p.vitamTenant),
    context: p.vitamContext ?? '',
  };
}

export function checkCommune(d: ProfileDraft): ProfileErrors {
  const e: ProfileErrors = {};
  if (d.name.trim() === '') e.name = t('valid.nameMissing');
  if (!isSiren(d.siren)) e.siren = t('valid.siren');
  return e;
}

export function checkArchive(d: ProfileDraft): ProfileErrors {
  const e: ProfileErrors = {};
  if (d.kind === 'demo') return e;
  if (d.url.trim() === '') e.url = t('valid.urlMissing');
  else if (!isHttpUrl(d.url.trim())) e.url = t('valid.url');
  else if (d.kind === 'asalae' && !/\/restservices\/?$/.test(d.url.trim())) e.url = t('valid.urlRestservices');
  if (d.kind === 'vitam' && d.tenant !== '' && !/^\d+$/.test(d.tenant)) e.tenant = t('valid.tenant');
  return e;
}

/**
 * The contract's ProfileInput from a draft. With `base` (editing), EVERY field is sent,
 * those the form does not show taken from the stored commune: a partial update would have
 * the contract's defaults fill the gaps (see the report on updateProfile).
 */
export function toProfileInput(d: ProfileDraft, base?: ProfileView): ProfileInput {
  const input: ProfileInput = base
    ? {
        name: d.name.trim(),
        siren: d.siren,
        archiveKind: d.kind,
        endpoints: base.endpoints.map((e) => (e.label ? { url: e.url, label: e.label } : { url: e.url })),
        sedaVersion: base.sedaVersion,
        archivalAgencyId: base.archivalAgencyId,
        transferringAgencyId: base.transferringAgencyId,
        originatingAgencyId: base.originatingAgencyId,
        submissionAgencyId: base.submissionAgencyId,
        archivalAgreement: base.archivalAgreement,
        archivalProfile: base.archivalProfile,
        login: base.login,
        tls: base.tls,
        rules: base.rules,
        ...(base.vitamTenant !== undefined ? { vitamTenant: base.vitamTenant } : {}),
        ...(base.vitamContext !== undefined ? { vitamContext: base.vitamContext } : {}),
      }
    : { name: d.name.trim(), siren: d.siren, archiveKind: d.kind };
  if (d.kind === 'demo') return input;
  const first = base?.endpoints[0];
  const endpoint = first?.label ? { url: d.url.trim(), label: first.label } : { url: d.url.trim() };
  const out: ProfileInput = {
    ...input,
    endpoints: [endpoint, ...(base?.endpoints.slice(1) ?? [])],
    sedaVersion: d.sedaVersion,
    transferringAgencyId: d.transferringAgencyId.trim(),
    archivalAgreement: d.archivalAgreement.trim(),
    archivalAgencyId: d.archivalAgencyId.trim(),
  };
  if (d.kind === 'asalae') out.login = d.login.trim();
  if (d.kind === 'vitam') {
    if (d.tenant !== '') out.vitamTenant = Number(d.tenant);
    if (d.context.trim() !== '') out.vitamContext = d.context.trim();
  }
  return out;
}

/** The connection test's outcome in plain words, with the archive's own message if any. */
export function explainCheck(check: ConnectionCheckView): string {
  if (check.reachable && check.authenticated) return t('wizard.testOk');
  const plain = check.reachable ? t('wizard.testAuth') : t('wizard.testUnreachable');
  return check.message ? `${plain} ${check.message}` : plain;
}

interface FieldsProps {
  /** Prefix of the controls' ids: `${prefix}-name`, `${prefix}-url` … */
  prefix: string;
  draft: ProfileDraft;
  errors: ProfileErrors;
  set<K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]): void;
  setErrors: Dispatch<SetStateAction<ProfileErrors>>;
}

export function CommuneFields({ prefix, draft, errors, set, setErrors }: FieldsProps) {
  return (
    <>
      <Field id={`${prefix}-name`} label={t('wizard.name')} hint={t('wizard.nameHint')} error={errors.name} required>
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
      <Field
        id={`${prefix}-siren`}
        label={t('wizard.siren')}
        hint={t('wizard.sirenHint')}
        error={errors.siren}
        required
      >
        {(p) => (
          <input
            {...p}
            type="text"
            inputMode="numeric"
            value={draft.siren}
            onChange={(e) => {
              // A pasted « 212 901 227 » keeps its nine digits (no length cut before cleaning).
              const v = cleanSiren(e.target.value);
              set('siren', v);
              if (errors.siren && isSiren(v)) setErrors((x) => ({ ...x, siren: undefined }));
            }}
            onBlur={(e) => {
              if (leavingForSubmit(e)) return;
              setErrors((x) => ({
                ...x,
                siren: draft.siren === '' || isSiren(draft.siren) ? undefined : t('valid.siren'),
              }));
            }}
          />
        )}
      </Field>
    </>
  );
}

interface ArchiveFieldsProps extends FieldsProps {
  /** Editing an existing commune: the password is a new one, the stored one is kept if empty. */
  passwordLabel: string;
  passwordHint: string;
}

export function ArchiveFields({ prefix, draft, errors, set, passwordLabel, passwordHint }: ArchiveFieldsProps) {
  return (
    <>
      <fieldset className="choices">
        <legend>{t('wizard.archiveLegend')}</legend>
        {KINDS.map((kind) => (
          <div key={kind} className="choice">
            <input
              type="radio"
              id={`${prefix}-kind-${kind}`}
              name={`${prefix}-kind`}
              value={kind}
              checked={draft.kind === kind}
              onChange={() => set('kind', kind)}
              aria-describedby={`${prefix}-kind-${kind}-hint`}
            />
            <label htmlFor={`${prefix}-kind-${kind}`}>{t(`wizard.${kind}`)}</label>
            <p id={`${prefix}-kind-${kind}-hint`} className="field__hint">
              {t(`wizard.${kind}Hint`)}
            </p>
          </div>
        ))}
      </fieldset>
      {draft.kind !== 'demo' ? (
        <div className="grid2">
          <Field
            id={`${prefix}-url`}
            label={t('wizard.url')}
            hint={draft.kind === 'asalae' ? t('wizard.urlHintAsalae') : t('wizard.urlHintVitam')}
            error={errors.url}
            required
          >
            {(p) => <input {...p} type="url" value={draft.url} onChange={(e) => set('url', e.target.value)} />}
          </Field>
          {draft.kind === 'asalae' ? (
            <>
              <Field id={`${prefix}-login`} label={t('wizard.login')}>
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
              <Field id={`${prefix}-password`} label={passwordLabel} hint={passwordHint}>
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
              <Field id={`${prefix}-tenant`} label={t('wizard.tenant')} error={errors.tenant}>
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
              <Field id={`${prefix}-context`} label={t('wizard.context')}>
                {(p) => (
                  <input {...p} type="text" value={draft.context} onChange={(e) => set('context', e.target.value)} />
                )}
              </Field>
              <p className="note">{t('wizard.certNote')}</p>
            </>
          )}
          <Field
            id={`${prefix}-transferringAgencyId`}
            label={t('wizard.transferringAgency')}
            hint={t('wizard.transferringAgencyHint')}
            help={t('help.transferringAgency')}
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
          <Field id={`${prefix}-archivalAgreement`} label={t('wizard.agreement')} help={t('help.agreement')}>
            {(p) => (
              <input
                {...p}
                type="text"
                value={draft.archivalAgreement}
                onChange={(e) => set('archivalAgreement', e.target.value)}
              />
            )}
          </Field>
          <Field
            id={`${prefix}-archivalAgencyId`}
            label={t('wizard.archivalAgency')}
            hint={t('wizard.archivalAgencyHint')}
            help={t('help.archivalAgency')}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                value={draft.archivalAgencyId}
                onChange={(e) => set('archivalAgencyId', e.target.value)}
              />
            )}
          </Field>
          <Field id={`${prefix}-sedaVersion`} label={t('wizard.seda')} help={t('help.seda')}>
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
    </>
  );
}

/** The outcome of « Tester la connexion », in plain French. */
export interface ConnectionCheck {
  ok: boolean;
  text: string;
}

/** « Tester la connexion » and its outcome, announced politely (assistant and Paramètres). */
export function ConnectionTest({
  testing,
  check,
  onTest,
}: {
  testing: boolean;
  check: ConnectionCheck | null;
  onTest: () => void;
}) {
  return (
    <>
      <div className="actions actions--start">
        <button type="button" className="btn" onClick={onTest} disabled={testing}>
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
  );
}
