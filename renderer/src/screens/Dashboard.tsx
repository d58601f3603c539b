// Tableau de bord: counts per state, last deposits, archive reachability, journal integrity,
// the « non horodatés » warning and the activity feed (components/dashboard/).
import { useState } from 'react';
import type { IntegrityReport } from '../../../main/contract/api';
import { documentsApi, syncApi } from '../data/api';
import { useQuery } from '../data/query';
import { CheckIcon, ClockIcon, CrossIcon, WarnIcon } from '../components/icons';
import { PageTitle } from '../components/PageTitle';
import { StateBadge, stateLabel } from '../components/StateBadge';
import { t } from '../i18n/fr';
import { DOCUMENT_STATES } from '../lib/acts';
import { errorMessage, formatDateTime } from '../lib/format';
import { useActiveProfile } from '../stores/profiles';
import { useArchiveStatus, useSync } from '../stores/sync';
import { useUi } from '../stores/ui';
import { ErrorBanner } from '../components/ErrorBanner';
import { ActivityFeed } from '../components/dashboard/ActivityFeed';
import { TimestampWarning } from '../components/dashboard/TimestampWarning';

export function Dashboard() {
  const profile = useActiveProfile();
  const reach = useSync((s) => (profile ? s.connectivity[profile.id] : undefined));
  const status = useArchiveStatus();
  const openDetail = useUi((s) => s.openDetail);
  const navigate = useUi((s) => s.navigate);
  const profileId = profile?.id ?? null;
  const overview = useQuery(
    profileId ? ['dashboard', profileId] : null,
    async () => {
      const id = profileId ?? '';
      const [counts, recent] = await Promise.all([
        documentsApi.count({ profileId: id }),
        documentsApi.list({ profileId: id, sort: 'newest', limit: 10 }),
      ]);
      return { counts, recent: recent.rows };
    },
    ['documents'],
  );
  const counts = overview.data?.counts ?? null;
  const recent = overview.data?.recent ?? null;
  const loadError = overview.error;
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [report, setReport] = useState<IntegrityReport | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0;

  const test = async () => {
    if (!profile) return;
    setTesting(true);
    setTestResult(null);
    try {
      const r = await syncApi.testConnection({ profileId: profile.id });
      const ok = r.reachable && r.authenticated;
      const plain = ok ? t('wizard.testOk') : r.reachable ? t('wizard.testAuth') : t('wizard.testUnreachable');
      setTestResult({ ok, text: r.message && !ok ? `${plain} ${r.message}` : plain });
      // A test is news from the archive too: the header and this card say the same at once.
      useSync.getState().setConnectivity(profile.id, {
        reachable: r.reachable,
        message: r.message,
        at: new Date().toISOString(),
      });
    } catch (error) {
      setTestResult({ ok: false, text: errorMessage(error) });
    } finally {
      setTesting(false);
    }
  };

  const verify = async () => {
    setVerifying(true);
    setVerifyError(null);
    setReport(null);
    try {
      setReport(await syncApi.verifyIntegrity());
    } catch (error) {
      setVerifyError(errorMessage(error));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <>
      <PageTitle>{t('dash.title')}</PageTitle>
      {profile ? <p className="lead">{profile.name}</p> : null}
      <ErrorBanner message={loadError} />
      <TimestampWarning />

      <section className="card" aria-labelledby="dash-counts">
        <h2 id="dash-counts">{t('dash.counts')}</h2>
        {counts === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : total === 0 ? (
          <div className="empty">
            <p>{t('dash.noDocs')}</p>
            <div className="actions actions--start">
              <button type="button" className="btn btn--primary" onClick={() => navigate('deposit')}>
                {t('dash.goDeposit')}
              </button>
              <button type="button" className="btn" onClick={() => navigate('folders')}>
                {t('dash.goFolders')}
              </button>
            </div>
          </div>
        ) : (
          <>
            <p className="muted">{t('dash.total', { count: total })}</p>
            <ul className="counts">
              {DOCUMENT_STATES.filter((s) => (counts[s] ?? 0) > 0).map((s) => (
                <li key={s} className="counts__item">
                  <span className="counts__n">{new Intl.NumberFormat('fr-FR').format(counts[s] ?? 0)}</span>
                  <StateBadge state={s} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <div className="grid2 grid2--top">
        <section className="card" aria-labelledby="dash-archive">
          <h2 id="dash-archive">{t('dash.archive')}</h2>
          <div className={`banner banner--${status.tone === 'neutral' ? 'info' : status.tone}`}>
            <p>
              {status.kind === 'reachable' ? <CheckIcon /> : <ClockIcon />} <strong>{status.label}</strong>
              {status.waiting > 0 ? ` — ${t('status.waiting', { count: status.waiting })}` : ''}
            </p>
            {status.kind === 'unreachable' && reach?.lastFailMessage ? <p>{reach.lastFailMessage}</p> : null}
            {reach?.lastOkAt ? <p>{t('status.lastOk', { date: formatDateTime(reach.lastOkAt) })}</p> : null}
            {reach?.lastFailAt ? <p>{t('status.lastFail', { date: formatDateTime(reach.lastFailAt) })}</p> : null}
            {!reach ? <p>{t('status.never')}</p> : null}
          </div>
          <button type="button" className="btn" onClick={() => void test()} disabled={testing || !profile}>
            {testing ? t('wizard.testing') : t('dash.testConn')}
          </button>
          <div role="status" aria-live="polite">
            {testResult ? (
              <p className={`banner ${testResult.ok ? 'banner--success' : 'banner--danger'}`}>
                {testResult.ok ? <CheckIcon /> : <CrossIcon />} {testResult.text}
              </p>
            ) : null}
          </div>
        </section>

        <section className="card" aria-labelledby="dash-integrity">
          <h2 id="dash-integrity">{t('dash.integrity')}</h2>
          <p className="muted">{t('dash.integrityIntro')}</p>
          <button type="button" className="btn" onClick={() => void verify()} disabled={verifying}>
            {verifying ? t('dash.verifying') : t('dash.verify')}
          </button>
          <div role="status" aria-live="polite">
            {report ? <IntegrityResult report={report} /> : null}
            {verifyError ? <p className="banner banner--danger">{verifyError}</p> : null}
          </div>
        </section>
      </div>

      {profile ? <ActivityFeed profileId={profile.id} /> : null}

      {total === 0 ? null : (
        <section className="card" aria-labelledby="dash-last">
          <h2 id="dash-last">{t('dash.last')}</h2>
          {recent === null ? (
            <p className="muted">{t('common.loading')}</p>
          ) : recent.length === 0 ? (
            <p className="muted">{t('dash.noDocs')}</p>
          ) : (
            <ul className="doc-list">
              {recent.map((d) => (
                <li key={d.id} className="doc-list__item doc-list__item--dash">
                  <button
                    type="button"
                    className="link"
                    onClick={() => openDetail(d.id)}
                    aria-label={t('browse.details', { name: d.fileName })}
                  >
                    {d.fileName}
                  </button>
                  <span className="muted">{d.metadata.objet ?? ''}</span>
                  <StateBadge state={d.state} />
                  <span className="muted" title={stateLabel(d.state)}>
                    {formatDateTime(d.updatedAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}

type Level = NonNullable<IntegrityReport['lines']>[number]['level'];

const LEVEL_TONE: Record<Level, string> = { ok: 'success', warning: 'warning', error: 'danger' };

function LevelIcon({ level }: { level: Level }) {
  return level === 'ok' ? <CheckIcon /> : level === 'warning' ? <WarnIcon /> : <CrossIcon />;
}

/** The verdict, then every checked point with its level in words (never colour alone). */
function IntegrityResult({ report }: { report: IntegrityReport }) {
  const lines = report.lines ?? [];
  const level: Level = !report.ok ? 'error' : lines.some((l) => l.level === 'warning') ? 'warning' : 'ok';
  const warnings = lines.filter((l) => l.level === 'warning').length;
  return (
    <div className={`banner banner--${LEVEL_TONE[level]}`}>
      <p>
        <LevelIcon level={level} />{' '}
        {report.ok ? report.message || t('dash.verifyOk') : t('dash.verifyKo', { message: report.message })}
      </p>
      {report.ok ? (
        <p>{t('dash.verifyCounts', { entries: report.checkedEntries, files: report.checkedFiles })}</p>
      ) : null}
      {report.firstBroken ? (
        <p>{t('dash.verifyBroken', { seq: report.firstBroken.seq, problem: report.firstBroken.problem })}</p>
      ) : null}
      {warnings > 0 ? <p>{t('dash.attention', { count: warnings })}</p> : null}
      {lines.length > 0 ? (
        <ul className="report-lines" aria-label={t('dash.verifyDetails')}>
          {lines.map((l, i) => (
            <li key={i} className="report-lines__item">
              <span className={`badge badge--${LEVEL_TONE[l.level]}`}>
                <LevelIcon level={l.level} />
                <span>{t(`dash.level.${l.level}`)}</span>
              </span>{' '}
              <span className="report-lines__text">{l.text}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted">{t('dash.verifiedAt', { date: formatDateTime(report.at) })}</p>
    </div>
  );
}
