// The dashboard's loud warning when new documents get no time-stamp (« non horodatés »):
// no TSA configured, or the TSA failing. Nothing is shown while stamps are granted.
import { useEffect } from 'react';
import { settingsApi } from '../../data/api';
import { useQuery } from '../../data/query';
import { t } from '../../i18n/fr';
import { frenchText } from '../../lib/messages';
import { useUi } from '../../stores/ui';
import { WarnIcon } from '../icons';

export function TimestampWarning() {
  const navigate = useUi((s) => s.navigate);
  // Not on every document event (a 10,000-file drop): on settings changes and once a minute.
  const status = useQuery(['timestamps'], () => settingsApi.timestampStatus(), ['settings']);
  const { refresh } = status;
  useEffect(() => {
    const timer = window.setInterval(refresh, 60_000);
    return () => window.clearInterval(timer);
  }, [refresh]);
  const st = status.data;
  if (!st || (st.state !== 'off' && st.state !== 'failing')) return null;
  return (
    <section className="banner banner--warning" aria-labelledby="dash-stamp">
      <h2 id="dash-stamp" className="banner__title">
        <WarnIcon /> {t('dash.stampTitle')}
      </h2>
      <p>{frenchText(st.message)}</p>
      <button type="button" className="btn btn--small" onClick={() => navigate('settings')}>
        {t('dash.stampSettings')}
      </button>
    </section>
  );
}
