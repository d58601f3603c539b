// Side navigation between the screens.
import { t, type MessageKey } from '../i18n/fr';
import { useSync } from '../stores/sync';
import { useUi, type Screen } from '../stores/ui';

const ITEMS: { screen: Screen; label: MessageKey }[] = [
  { screen: 'dashboard', label: 'nav.dashboard' },
  { screen: 'deposit', label: 'nav.deposit' },
  { screen: 'queue', label: 'nav.queue' },
  { screen: 'browse', label: 'nav.browse' },
  { screen: 'folders', label: 'nav.folders' },
  { screen: 'settings', label: 'nav.settings' },
  { screen: 'help', label: 'nav.help' },
];

export function Nav() {
  const screen = useUi((s) => s.screen);
  const navigate = useUi((s) => s.navigate);
  const pending = useSync((s) => s.status?.pendingCount ?? 0);
  const current = screen === 'detail' ? useUi.getState().returnTo : screen;
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {ITEMS.map((item) => (
          <li key={item.screen}>
            <button
              type="button"
              className="nav__link"
              aria-current={current === item.screen ? 'page' : undefined}
              onClick={() => navigate(item.screen)}
            >
              {t(item.label)}
              {item.screen === 'queue' && pending > 0 ? (
                <>
                  <span className="nav__count" aria-hidden="true">
                    {pending}
                  </span>
                  <span className="sr-only">{` (${t('queue.pending', { count: pending })})`}</span>
                </>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
