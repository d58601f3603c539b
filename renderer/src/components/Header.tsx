// App header: name, the always-visible commune switcher, archive reachability.
import { t } from '../i18n/fr';
import { useProfiles } from '../stores/profiles';
import { useSync } from '../stores/sync';
import { useUi } from '../stores/ui';
import { CheckIcon, ClockIcon } from './icons';

export function ConnectivityIndicator() {
  const activeId = useProfiles((s) => s.activeId);
  const reach = useSync((s) => (activeId ? s.connectivity[activeId] : undefined));
  const online = useSync((s) => s.status?.online);
  let tone = 'neutral';
  let text = t('conn.unknown');
  let icon = <ClockIcon />;
  if (online === false) {
    tone = 'warning';
    text = t('conn.offline');
    icon = <ClockIcon />;
  } else if (reach) {
    // Unreachable is a state to wait out calmly (documents leave by themselves), not an alarm.
    tone = reach.reachable ? 'success' : 'warning';
    text = reach.reachable ? t('conn.ok') : t('conn.ko');
    icon = reach.reachable ? <CheckIcon /> : <ClockIcon />;
  } else if (online === true) {
    tone = 'success';
    text = t('conn.ok');
    icon = <CheckIcon />;
  }
  return (
    <div className={`conn badge badge--${tone}`} role="status" aria-label={t('conn.label')} title={reach?.message}>
      {icon}
      <span>{text}</span>
    </div>
  );
}

export function ProfileSwitcher() {
  const profiles = useProfiles((s) => s.profiles);
  const activeId = useProfiles((s) => s.activeId);
  const setActive = useProfiles((s) => s.setActive);
  const setWizardOpen = useUi((s) => s.setWizardOpen);
  const navigate = useUi((s) => s.navigate);
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
