// Déposer: names the commune the files go to (and lets it be changed before the drop), the
// drop zone, seal progress, a dropped folder offered as ONE folder deposit, then the
// metadata of each document (« à compléter » first). Every drop's outcome names its commune.
// A drop holding annexes or signature files first shows its acts to confirm (ActGroupsDialog).
import { useState } from 'react';
import type { IntakeResult, ProfileView } from '../../../main/contract/api';
import type { DropGroup } from '../../../main/contract/acts/grouping';
import { ActGroupsDialog } from '../components/deposit/ActGroupsDialog';
import { CommuneChoiceDialog } from '../components/deposit/CommuneChoiceDialog';
import { DepositLists } from '../components/deposit/DepositLists';
import { DropAsFolder } from '../components/deposit/DropAsFolder';
import { DropZone } from '../components/deposit/DropZone';
import { ErrorBanner } from '../components/ErrorBanner';
import { PageTitle } from '../components/PageTitle';
import { Progress } from '../components/Progress';
import { documentsApi } from '../data/api';
import { useQuery } from '../data/query';
import { t } from '../i18n/fr';
import { dropCommuneChoice, intakeSummary, missingIds, recentFromDrops, RECENT_MAX } from '../lib/deposit';
import { guessGroups, needsGrouping, notADocument, toDropGroups, type GroupPlan } from '../lib/act-groups';
import { errorMessage, formatBytes } from '../lib/format';
import { useDocuments } from '../stores/documents';
import { useActiveProfile, useProfiles } from '../stores/profiles';

export { missingText } from '../lib/deposit';

export function Deposit() {
  const profile = useActiveProfile();
  const dropped = useDocuments((s) => (profile ? s.dropped[profile.id] : undefined));
  const sealing = useDocuments((s) => s.sealing);
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<{ r: IntakeResult; commune: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const profileId = profile?.id ?? null;
  const ids = (dropped ?? []).slice(0, RECENT_MAX);
  const lists = useQuery(
    profileId ? ['deposit', profileId, ids] : null,
    async () => {
      const id = profileId ?? '';
      const [a, b] = await Promise.all([
        documentsApi.list({ profileId: id, states: ['needs_metadata'], sort: 'oldest', limit: 200 }),
        ids.length > 0
          ? documentsApi.list({ profileId: id, sort: 'newest', limit: 500 })
          : Promise.resolve({ total: 0, rows: [] }),
      ]);
      // One found again among older documents is fetched on its own.
      const extra = await Promise.all(missingIds(ids, b.rows).map((x) => documentsApi.get(x).catch(() => null)));
      const rows = [...b.rows, ...extra.filter((d) => d !== null)];
      return { toComplete: a.rows, recent: recentFromDrops(ids, rows) };
    },
    ['documents'],
  );

  const profiles = useProfiles((s) => s.profiles);
  const [asking, setAsking] = useState<{ files: File[]; preselect: string } | null>(null);

  const [grouping, setGrouping] = useState<{ files: File[]; profile: ProfileView; plan: GroupPlan } | null>(null);

  /** Several communes and names that do not tell: ask first (nothing is sealed meanwhile). */
  const received = (files: File[]) => {
    if (!profile || files.length === 0) {
      void intake(files, profile);
      return;
    }
    const choice = dropCommuneChoice(droppedNames(files), profiles, profile.id);
    if (!choice.ask) {
      grouped(files, profile);
      return;
    }
    setBusy(null);
    setAsking({ files, preselect: choice.preselect });
  };

  /** An act with its annexes or signatures in the drop: the user confirms the acts first. */
  const grouped = (files: File[], target: ProfileView | null) => {
    if (!target || !needsGrouping(droppedNames(files))) {
      void intake(files, target);
      return;
    }
    // Documents first (the plan's positions), then what the engine will set aside anyway.
    const docs = files.filter((f) => !notADocument(f.name));
    const rest = files.filter((f) => notADocument(f.name));
    setBusy(null);
    setGrouping({ files: [...docs, ...rest], profile: target, plan: guessGroups(droppedNames(docs)) });
  };

  const intake = async (files: File[], profile: ProfileView | null, groups?: DropGroup[]) => {
    // The commune is fixed when the files arrive: switching during the upload changes nothing.
    if (!profile) {
      setError(t('deposit.noProfile'));
      setBusy(null);
      return;
    }
    if (files.length === 0) {
      setBusy(null);
      return;
    }
    setError(null);
    setResult(null);
    setBusy(t('deposit.sending', { count: files.length }));
    try {
      const r = await documentsApi.intake(profile.id, files, groups);
      setResult({ r, commune: profile.name });
      useDocuments.getState().addDropped(profile.id, r.documentIds);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const sealingList = Object.values(sealing);
  const summary = result ? intakeSummary(result.r, result.commune) : null;

  return (
    <>
      <PageTitle>{t('deposit.title')}</PageTitle>
      <TargetCommune />
      <DropZone
        communeName={profile?.name ?? ''}
        onFiles={received}
        onReading={() => setBusy(t('deposit.reading'))}
        onError={(m) => {
          setBusy(null);
          setError(m);
        }}
      />

      <div role="status" aria-live="polite" className="intake-status">
        {busy ? <p className="banner banner--info">{busy}</p> : null}
        {summary ? (
          <div className={`banner banner--${summary.tone}`}>
            <p>{summary.accepted}</p>
            <p>{summary.commune}</p>
            {summary.ignoredTitle ? (
              <>
                <p>{summary.ignoredTitle}</p>
                <ul>
                  {summary.ignored.map((i) => (
                    <li key={i.name + i.reason}>
                      <strong>{i.name}</strong> — {i.reason}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ) : null}
      </div>
      <ErrorBanner message={error ?? lists.error} />

      {profile ? <DropAsFolder profileId={profile.id} /> : null}

      {sealingList.length > 0 ? (
        <section className="card" aria-labelledby="sealing-title">
          <h2 id="sealing-title">{t('deposit.sealing')}</h2>
          {sealingList.map((f) => {
            const name = f.path.split(/[\\/]/).pop() ?? f.path;
            return (
              <Progress
                key={f.path}
                label={t('deposit.sealProgress', { name })}
                value={f.bytes}
                max={f.totalBytes}
                detail={`${formatBytes(f.bytes)} / ${formatBytes(f.totalBytes)}`}
              />
            );
          })}
        </section>
      ) : null}

      <DepositLists toComplete={lists.data?.toComplete ?? null} recent={lists.data?.recent ?? null} />
      <CommuneChoiceDialog
        open={asking !== null}
        count={asking?.files.length ?? 0}
        communes={profiles}
        preselect={asking?.preselect ?? profile?.id ?? ''}
        onCancel={() => setAsking(null)}
        onConfirm={(id) => {
          const files = asking?.files ?? [];
          const chosen = profiles.find((p) => p.id === id) ?? null;
          setAsking(null);
          if (chosen && chosen.id !== profile?.id) void useProfiles.getState().setActive(chosen.id);
          grouped(files, chosen);
        }}
      />
      <ActGroupsDialog
        plan={grouping?.plan ?? null}
        onChange={(plan) => setGrouping((g) => (g ? { ...g, plan } : g))}
        onCancel={() => setGrouping(null)}
        onConfirm={(plan) => {
          const g = grouping;
          setGrouping(null);
          if (g) void intake(g.files, g.profile, toDropGroups(plan));
        }}
      />
    </>
  );
}

/** The dropped files' names, with their folders when a folder was dropped. */
function droppedNames(files: File[]): string[] {
  return files.map((f) => (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name);
}

/** « Les fichiers iront à : X », and with several communes, where to change it first. */
function TargetCommune() {
  const profiles = useProfiles((s) => s.profiles);
  const activeId = useProfiles((s) => s.activeId);
  const setActive = useProfiles((s) => s.setActive);
  const active = profiles.find((p) => p.id === activeId);
  if (!active) return null;
  return (
    <div className="target card">
      <p className="target__text">
        {t('deposit.target')} <strong>{active.name}</strong>
      </p>
      {profiles.length > 1 ? (
        <div className="target__change">
          <label htmlFor="deposit-commune">{t('deposit.changeCommune')}</label>
          <select id="deposit-commune" value={active.id} onChange={(e) => void setActive(e.target.value)}>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </div>
  );
}
