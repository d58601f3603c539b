// Paramètres › Communes: every commune with its archive, « Modifier » (name, SIREN, archive
// settings, a new password sent to the keychain only) and « Supprimer » after confirmation.
// The engine refuses to remove a commune whose documents were sealed: its French message
// is shown beside the commune.
import { useEffect, useRef, useState } from 'react';
import type { ProfileView } from '../../../main/contract/api';
import { profilesApi, syncApi } from '../data/api';
import { t } from '../i18n/fr';
import { errorMessage } from '../lib/format';
import { isSiren } from '../lib/validate';
import { useNotifications } from '../stores/notifications';
import { useProfiles } from '../stores/profiles';
import { useUi } from '../stores/ui';
import { ConfirmDialog } from './ConfirmDialog';
import {
  ArchiveFields,
  checkArchive,
  checkCommune,
  CommuneFields,
  ConnectionTest,
  draftFromProfile,
  explainCheck,
  toProfileInput,
  type ConnectionCheck,
  type ProfileDraft,
  type ProfileErrors,
} from './ProfileFields';
import { ClassificationPanel } from './ClassificationPanel';
import { ErrorBanner } from './ErrorBanner';

function archiveText(p: ProfileView): string {
  const url = p.endpoints[0]?.url ?? '';
  if (p.archiveKind === 'demo') return t('communes.archive.demo');
  return t(p.archiveKind === 'asalae' ? 'communes.archive.asalae' : 'communes.archive.vitam', { url });
}

export function Communes() {
  const profiles = useProfiles((s) => s.profiles);
  const activeId = useProfiles((s) => s.activeId);
  const setWizardOpen = useUi((s) => s.setWizardOpen);
  const push = useNotifications((s) => s.push);
  const heading = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [toRemove, setToRemove] = useState<ProfileView | null>(null);
  const [refusal, setRefusal] = useState<{ id: string; message: string } | null>(null);
  const editRequest = useUi((s) => s.editRequest);

  // « Passer à l’archive réelle »: this commune's form opens, its archive part in view.
  useEffect(() => {
    if (!editRequest) return;
    setEditing(editRequest);
    useUi.getState().clearEditRequest();
    window.setTimeout(() => {
      const form = document.getElementById(`commune-form-${editRequest}`);
      form?.scrollIntoView({ block: 'start' });
      form?.querySelector<HTMLElement>('input[type="radio"]:checked, input, select')?.focus();
    }, 0);
  }, [editRequest]);

  const remove = async (p: ProfileView) => {
    setToRemove(null);
    setRefusal(null);
    try {
      await profilesApi.remove(p.id);
      if (editing === p.id) setEditing(null);
      push('success', t('communes.removed', { name: p.name }));
      heading.current?.focus();
      await useProfiles.getState().removed(p.id);
    } catch (e) {
      setRefusal({ id: p.id, message: errorMessage(e) });
    }
  };

  return (
    <section className="card" aria-labelledby="set-communes">
      <div className="card__head">
        <h2 id="set-communes" ref={heading} tabIndex={-1}>
          {t('communes.title')}
        </h2>
        <button type="button" className="btn" onClick={() => setWizardOpen(true)}>
          {t('profile.add')}
        </button>
      </div>
      <p className="muted">{t('communes.intro')}</p>
      <ul className="commune-list">
        {profiles.map((p) => {
          const open = editing === p.id;
          return (
            <li key={p.id} className="commune">
              <div className="commune__head">
                <div className="commune__who">
                  <h3 className="commune__name">
                    {p.name}
                    {p.id === activeId ? <span className="tag">{t('communes.active')}</span> : null}
                  </h3>
                  <p className="muted">
                    {t('communes.siren', { siren: p.siren })} — {archiveText(p)}
                  </p>
                </div>
                <div className="actions actions--inline">
                  <button
                    type="button"
                    className="btn btn--small"
                    aria-expanded={open}
                    aria-controls={open ? `commune-form-${p.id}` : undefined}
                    onClick={() => {
                      setRefusal(null);
                      setEditing(open ? null : p.id);
                    }}
                  >
                    {t('communes.edit')}
                    <span className="sr-only"> {p.name}</span>
                  </button>
                  <button
                    type="button"
                    className="btn btn--small btn--danger-quiet"
                    onClick={() => {
                      setRefusal(null);
                      setToRemove(p);
                    }}
                  >
                    {t('communes.remove')}
                    <span className="sr-only"> {p.name}</span>
                  </button>
                </div>
              </div>
              <div role="alert">
                {refusal?.id === p.id ? (
                  <div className="banner banner--danger">
                    <p>
                      <strong>{t('communes.removeFailed')}</strong>
                    </p>
                    <p>{refusal.message}</p>
                  </div>
                ) : null}
              </div>
              {open ? <CommuneEditor profile={p} onClose={() => setEditing(null)} /> : null}
            </li>
          );
        })}
      </ul>
      <ConfirmDialog
        open={toRemove !== null}
        title={t('communes.removeTitle')}
        message={toRemove ? t('communes.removeConfirm', { name: toRemove.name }) : ''}
        confirmLabel={t('communes.remove')}
        danger
        onConfirm={() => {
          if (toRemove) void remove(toRemove);
        }}
        onCancel={() => setToRemove(null)}
      />
    </section>
  );
}

function CommuneEditor({ profile, onClose }: { profile: ProfileView; onClose: () => void }) {
  const prefix = `commune-${profile.id}`;
  const push = useNotifications((s) => s.push);
  const [draft, setDraft] = useState<ProfileDraft>(() => draftFromProfile(profile));
  const [errors, setErrors] = useState<ProfileErrors>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const [check, setCheck] = useState<ConnectionCheck | null>(null);

  const set = <K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (key !== 'name' && key !== 'siren') setCheck(null);
  };

  const withPassword = (d: ProfileDraft) => d.kind === 'asalae' && d.password !== '';

  const validate = (): boolean => {
    const e = { ...checkCommune(draft), ...checkArchive(draft) };
    setErrors(e);
    const first = Object.keys(e)[0];
    if (first) {
      document.getElementById(`${prefix}-${first}`)?.focus();
      return false;
    }
    return true;
  };

  const test = async () => {
    const e = checkArchive(draft);
    setErrors((x) => ({ ...x, ...e, url: e.url, tenant: e.tenant }));
    if (Object.keys(e).length > 0) return;
    setTesting(true);
    setCheck(null);
    try {
      const request = {
        profileId: profile.id,
        draft: toProfileInput(
          {
            ...draft,
            name: draft.name.trim() || profile.name,
            siren: isSiren(draft.siren) ? draft.siren : profile.siren,
          },
          profile,
        ),
      };
      const r = await syncApi.testConnection(withPassword(draft) ? { ...request, password: draft.password } : request);
      setCheck({ ok: r.reachable && r.authenticated, text: explainCheck(r) });
    } catch (err) {
      setCheck({ ok: false, text: errorMessage(err) });
    } finally {
      setTesting(false);
    }
  };

  const save = async () => {
    if (!validate()) return;
    setBusy(true);
    setError(null);
    try {
      const input = toProfileInput(draft, profile);
      const updated = await profilesApi.update(
        withPassword(draft)
          ? { id: profile.id, profile: input, password: draft.password }
          : { id: profile.id, profile: input },
      );
      useProfiles.getState().updated(updated);
      push('success', t('communes.saved', { name: updated.name }));
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const replacing = profile.archiveKind === 'asalae' && profile.hasPassword;

  return (
    <form
      id={`commune-form-${profile.id}`}
      className="commune__form"
      noValidate
      aria-label={t('communes.editTitle', { name: profile.name })}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset className="bare" disabled={busy}>
        <legend className="sr-only">{t('communes.editTitle', { name: profile.name })}</legend>
        <CommuneFields prefix={prefix} draft={draft} errors={errors} set={set} setErrors={setErrors} />
        <ArchiveFields
          prefix={prefix}
          draft={draft}
          errors={errors}
          set={set}
          setErrors={setErrors}
          passwordLabel={replacing ? t('communes.newPassword') : t('wizard.password')}
          passwordHint={replacing ? t('communes.newPasswordHint') : t('wizard.passwordHint')}
        />
        {draft.kind === 'asalae' && profile.archiveKind === 'asalae' ? (
          <p className="note">{profile.hasPassword ? t('communes.passwordStored') : t('communes.passwordNone')}</p>
        ) : null}
        <ConnectionTest testing={testing} check={check} onTest={() => void test()} />
        <ClassificationPanel profileId={profile.id} />
        <ErrorBanner message={error} />
        <div className="actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary">
            {busy ? t('common.saving') : t('communes.save')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
