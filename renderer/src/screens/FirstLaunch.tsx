// First-launch assistant (also used to add another commune): commune → archive → folders,
// each typed folder checked by the engine before it is listed and before the end (exists,
// is a folder, readable, allowed), and the prefecture's classification file offered there.
import { useEffect, useRef, useState } from 'react';
import { classificationApi, foldersApi, profilesApi, syncApi } from '../data/api';
import { toBase64 } from '../components/ClassificationPanel';
import { ClassificationChoice } from '../components/ClassificationChoice';
import { Field } from '../components/Field';
import { t } from '../i18n/fr';
import { errorMessage } from '../lib/format';
import { isSiren } from '../lib/validate';
import {
  ArchiveFields,
  checkArchive,
  checkCommune,
  CommuneFields,
  ConnectionTest,
  EMPTY_PROFILE_DRAFT,
  explainCheck,
  toProfileInput,
  type ConnectionCheck,
  type ProfileDraft,
  type ProfileErrors,
} from '../components/ProfileFields';
import { useFolders } from '../stores/folders';
import { useNotifications } from '../stores/notifications';
import { useProfiles } from '../stores/profiles';
import { useUi } from '../stores/ui';
import { ErrorBanner } from '../components/ErrorBanner';

export function FirstLaunch({ canCancel }: { canCancel: boolean }) {
  const [step, setStep] = useState(1);
  const [draft, setDraft] = useState<ProfileDraft>(EMPTY_PROFILE_DRAFT);
  const [errors, setErrors] = useState<ProfileErrors>({});
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const [testing, setTesting] = useState(false);
  const [folderPath, setFolderPath] = useState('');
  const [folderError, setFolderError] = useState<string | undefined>();
  const [folders, setFolders] = useState<string[]>([]);
  const [browseNote, setBrowseNote] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [classFile, setClassFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const added = useProfiles((s) => s.added);
  const setWizardOpen = useUi((s) => s.setWizardOpen);
  const navigate = useUi((s) => s.navigate);
  const push = useNotifications((s) => s.push);

  useEffect(() => {
    document.title = `${canCancel ? t('wizard.addTitle') : t('wizard.title')} — Sceau`;
  }, [canCancel]);
  useEffect(() => {
    if (step > 1) stepHeading.current?.focus();
  }, [step]);

  const set = <K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (key !== 'name' && key !== 'siren') setCheck(null);
  };

  const next = () => {
    const e = step === 1 ? checkCommune(draft) : checkArchive(draft);
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
    const e = checkArchive(draft);
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    setTesting(true);
    setCheck(null);
    try {
      const request = {
        draft: toProfileInput({
          ...draft,
          name: draft.name || '-',
          siren: isSiren(draft.siren) ? draft.siren : '000000000',
        }),
      };
      const result = await syncApi.testConnection(draft.password ? { ...request, password: draft.password } : request);
      setCheck({ ok: result.reachable && result.authenticated, text: explainCheck(result) });
    } catch (error) {
      setCheck({ ok: false, text: errorMessage(error) });
    } finally {
      setTesting(false);
    }
  };

  const browse = async () => {
    setBrowseNote(null);
    try {
      const { path } = await foldersApi.choose();
      if (path) {
        setFolderPath(path);
        setFolderError(undefined);
      } else setBrowseNote(t('wizard.browseUnavailable'));
    } catch (error) {
      setBrowseNote(errorMessage(error));
    }
  };

  /** The engine's verdict on a typed path: its resolved form, or the reason shown on the field. */
  const checked = async (typed: string): Promise<string | null> => {
    setChecking(true);
    try {
      const r = await foldersApi.check(typed);
      if (r.ok) return r.path;
      setFolderError(r.message ?? t('valid.pathMissing'));
    } catch (error) {
      setFolderError(errorMessage(error));
    } finally {
      setChecking(false);
    }
    document.getElementById('wiz-folder')?.focus();
    return null;
  };

  const addFolder = async () => {
    const p = folderPath.trim();
    if (p === '') {
      setFolderError(t('valid.pathMissing'));
      return;
    }
    setFolderError(undefined);
    const ok = await checked(p);
    if (!ok) return;
    setFolders((list) => (list.includes(ok) ? list : [...list, ok]));
    // Typed on meanwhile: keep what is there now.
    setFolderPath((now) => (now.trim() === p ? '' : now));
  };

  const finish = async () => {
    setBusy(true);
    setFormError(null);
    const pendingPath = folderPath.trim();
    let all = folders;
    if (pendingPath) {
      // A path typed but not added is checked too: the assistant never ends on a wrong one.
      const ok = await checked(pendingPath);
      if (!ok) {
        setBusy(false);
        return;
      }
      if (!folders.includes(ok)) all = [...folders, ok];
    }
    try {
      const profile = await profilesApi.create(
        draft.password && draft.kind !== 'demo'
          ? { profile: toProfileInput(draft), password: draft.password }
          : { profile: toProfileInput(draft) },
      );
      for (const path of all) {
        try {
          await foldersApi.add({ profileId: profile.id, path, mode: 'auto' });
        } catch (error) {
          push('warning', t('wizard.folderFailed', { path, message: errorMessage(error) }));
        }
      }
      if (classFile) {
        try {
          const bytes = new Uint8Array(await classFile.arrayBuffer());
          const v = await classificationApi.import({
            profileId: profile.id,
            fileName: classFile.name,
            contentBase64: toBase64(bytes),
          });
          push('success', t('communes.class.imported', { count: v.count }));
        } catch (error) {
          push('warning', t('wizard.classFailed', { message: errorMessage(error) }));
        }
      }
      await useFolders
        .getState()
        .load(profile.id)
        .catch(() => undefined);
      // The commune list changes last, together with closing the assistant: the main screens
      // appear only now, so nothing done on them (« Ajouter une commune » again) is undone
      // by this assistant closing itself afterwards.
      const adding = added(profile);
      setWizardOpen(false);
      navigate('dashboard');
      await adding;
    } catch (error) {
      setFormError(errorMessage(error));
      setBusy(false);
    }
  };

  const steps = [t('wizard.step1'), t('wizard.step2'), t('wizard.step3')];

  return (
    <main id="main" className={canCancel ? 'main wizard wizard--add' : 'wizard'} tabIndex={-1}>
      <h1 className="page-title">{canCancel ? t('wizard.addTitle') : t('wizard.title')}</h1>
      <p className="lead">{canCancel ? t('wizard.addIntro') : t('wizard.intro')}</p>
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
          <CommuneFields prefix="wiz" draft={draft} errors={errors} set={set} setErrors={setErrors} />
        ) : null}

        {step === 2 ? (
          <>
            <ArchiveFields
              prefix="wiz"
              draft={draft}
              errors={errors}
              set={set}
              setErrors={setErrors}
              passwordLabel={t('wizard.password')}
              passwordHint={t('wizard.passwordHint')}
            />
            <ConnectionTest testing={testing} check={check} onTest={() => void test()} />
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
                      void addFolder();
                    }
                  }}
                />
              )}
            </Field>
            <div className="actions actions--start">
              <button type="button" className="btn" onClick={() => void browse()}>
                {t('wizard.browse')}
              </button>
              <button type="button" className="btn" onClick={() => void addFolder()} disabled={checking}>
                {checking ? t('wizard.folderChecking') : t('wizard.addFolder')}
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
            <ClassificationChoice file={classFile} onChange={setClassFile} />
          </>
        ) : null}

        <ErrorBanner message={formError} />

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
