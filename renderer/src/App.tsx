// Application frame: skip link, header, side navigation, <main>, live regions; the
// first-launch assistant when no commune exists yet.
import { useEffect, useState } from 'react';
import { Header } from './components/Header';
import { Nav } from './components/Nav';
import { Toasts } from './components/Toasts';
import { t } from './i18n/fr';
import { openedWithoutKey } from './data/api';
import { useQuery } from './data/query';
import { Browse } from './screens/Browse';
import { Dashboard } from './screens/Dashboard';
import { Deposit } from './screens/Deposit';
import { DocumentDetailScreen } from './screens/DocumentDetail';
import { FirstLaunch } from './screens/FirstLaunch';
import { Folders } from './screens/Folders';
import { Queue } from './screens/Queue';
import { Help } from './screens/Help';
import { Settings } from './screens/Settings';
import { DemoBanner } from './components/DemoBanner';
import { connectEvents } from './stores/events';
import { useProfiles } from './stores/profiles';
import { useSettings } from './stores/settings';
import { useSync } from './stores/sync';
import { useUi } from './stores/ui';

function CurrentScreen() {
  const screen = useUi((s) => s.screen);
  switch (screen) {
    case 'dashboard':
      return <Dashboard />;
    case 'deposit':
      return <Deposit />;
    case 'queue':
      return <Queue />;
    case 'browse':
      return <Browse />;
    case 'folders':
      return <Folders />;
    case 'settings':
      return <Settings />;
    case 'help':
      return <Help />;
    case 'detail':
      return <DocumentDetailScreen />;
  }
}

function LiveRegion() {
  const text = useUi((s) => s.announcement);
  return (
    <div className="sr-only" role="status" aria-live="polite">
      {text}
    </div>
  );
}

export function App() {
  const loaded = useProfiles((s) => s.loaded);
  const profiles = useProfiles((s) => s.profiles);
  const wizardOpen = useUi((s) => s.wizardOpen);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => connectEvents(), []);

  const start = useQuery(['start', attempt], async () => {
    await useSettings.getState().load();
    await useProfiles.getState().load();
    await useSync.getState().load();
    return true;
  });
  const startError = start.error === null ? null : start.error || t('app.startError');

  if (startError) {
    return (
      <main id="main" className="start">
        <h1>{t('app.name')}</h1>
        {openedWithoutKey ? (
          <p role="alert">{t('app.noKey')}</p>
        ) : (
          <>
            <p role="alert">{startError}</p>
            <button type="button" className="btn btn--primary" onClick={() => setAttempt((n) => n + 1)}>
              {t('app.retry')}
            </button>
          </>
        )}
      </main>
    );
  }
  if (!loaded) {
    return (
      <main id="main" className="start" aria-busy="true">
        <h1>{t('app.name')}</h1>
        <p role="status">{t('app.loading')}</p>
      </main>
    );
  }
  if (profiles.length === 0) {
    return (
      <>
        <a className="skip" href="#main">
          {t('app.skip')}
        </a>
        <FirstLaunch canCancel={false} />
        <Toasts />
      </>
    );
  }
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <Header />
      <DemoBanner />
      <div className="layout">
        <Nav />
        {/* Adding a commune is a form inside the app, not the welcome assistant again. */}
        {wizardOpen ? (
          <FirstLaunch canCancel />
        ) : (
          <main id="main" className="main" tabIndex={-1}>
            <CurrentScreen />
          </main>
        )}
      </div>
      <LiveRegion />
      <Toasts />
    </>
  );
}
