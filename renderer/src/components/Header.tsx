// App header: name, the always-visible commune switcher, archive reachability.
import type { DocumentState } from '../../../main/contract/api';
import { documentsApi } from '../data/api';
import { useQuery } from '../data/query';
import { t } from '../i18n/fr';
import { useProfiles } from '../stores/profiles';
import { useArchiveStatus } from '../stores/sync';
import { useUi } from '../stores/ui';
import { CheckIcon, ClockIcon } from './icons';

/** Documents not yet accepted nor set aside: to complete, to send, on their way, or refused. */
const PENDING: readonly DocumentState[] = [
  'needs_metadata',
  'ready',
  'queued',
  'sending',
  'sent',
  'acknowledged',
  'failed',
  'rejected',
];

function pendingOf(counts: Partial<Record<DocumentState, number>> | undefined): number {
  return PENDING.reduce((sum, s) => sum + (counts?.[s] ?? 0), 0);
}

/** The archive's state in the header: the same model and words as the dashboard and queue. */
export function ConnectivityIndicator() {
  const status = useArchiveStatus();
  // Unreachable is a state to wait out calmly (documents leave by themselves), not an alarm.
  return (
    <div className={`conn badge badge--${status.tone}`} role="status" aria-label={t('conn.label')}>
      {status.kind === 'reachable' ? <CheckIcon /> : <ClockIcon />}
      <span>{status.label}</span>
      {status.kind === 'unreachable' && status.waiting > 0 ? (
        <span>{` — ${t('status.waiting', { count: status.waiting })}`}</span>
      ) : null}
    </div>
  );
}

export function ProfileSwitcher() {
  const profiles = useProfiles((s) => s.profiles);
  const activeId = useProfiles((s) => s.activeId);
  const setActive = useProfiles((s) => s.setActive);
  const setWizardOpen = useUi((s) => s.setWizardOpen);
  const navigate = useUi((s) => s.navigate);
  const ids = profiles.map((p) => p.id);
  // What each commune still has to send or to fix, so a switch is never blind.
  const pending = useQuery(
    ids.length > 1 ? ['pending-by-commune', ids] : null,
    async () => {
      const counts = await Promise.all(ids.map((id) => documentsApi.count({ profileId: id })));
      return Object.fromEntries(ids.map((id, i) => [id, pendingOf(counts[i])]));
    },
    ['documents', 'profiles'],
  );
  return (
    <div className="switcher">
      <label htmlFor="profile-switcher">{t('profile.switcher')}</label>
      <select
        id="profile-switcher"
        value={activeId ?? ''}
        onChange={(e) => {
          if (e.target.value === '__add__') setWizardOpen(true);
          else if (e.target.value === '__manage__') navigate('settings');
          else void setActive(e.target.value);
        }}
      >
        {profiles.length === 0 ? <option value="">{t('profile.none')}</option> : null}
        {profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
            {(pending.data?.[p.id] ?? 0) > 0 ? ` — ${t('status.waiting', { count: pending.data?.[p.id] ?? 0 })}` : ''}
          </option>
        ))}
        <option value="__add__">{t('profile.add')}</option>
        {profiles.length > 0 ? <option value="__manage__">{t('profile.manage')}</option> : null}
      </select>
    </div>
  );
}

export function Header() {
  return (
    <header className="header">
      <p className="header__brand">
        <span className="header__seal" aria-hidden="true">
          ◉
        </span>
        {t('app.name')}
      </p>
      <div className="header__tools">
        <ProfileSwitcher />
        <ConnectivityIndicator />
      </div>
    </header>
  );
}
