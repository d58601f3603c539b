// Tableau de bord: counts per state, last deposits, archive reachability, journal integrity.
import { useEffect, useState } from 'react';
import type { DocumentState, DocumentSummary, IntegrityReport } from '../../../main/contract/api';
import { sceau } from '../bridge';
import { CheckIcon, ClockIcon, CrossIcon, WarnIcon } from '../components/icons';
import { PageTitle } from '../components/PageTitle';
import { StateBadge, stateLabel } from '../components/StateBadge';
import { t } from '../i18n/fr';
import { DOCUMENT_STATES } from '../lib/acts';
import { errorMessage, formatDateTime } from '../lib/format';
import { useDocuments } from '../stores/documents';
import { useActiveProfile } from '../stores/profiles';
import { useSync } from '../stores/sync';
import { useUi } from '../stores/ui';
import { ErrorBanner } from '../components/ErrorBanner';

export function Dashboard() {
  const profile = useActiveProfile();
  const version = useDocuments((s) => s.version);
  const reach = useSync((s) => (profile ? s.connectivity[profile.id] : undefined));
  const openDetail = useUi((s) => s.openDetail);
  const navigate = useUi((s) => s.navigate);
  const [counts, setCounts] = useState<Record<DocumentState, number> | null>(null);
  const [recent, setRecent] = useState<DocumentSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [report, setReport] = useState<IntegrityReport | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  useEffect(() => {
    if (!profile) return;
    let cancelled = false;
    (async () => {
      try {
        const [c, r] = await Promise.all([
          sceau.countDocuments({ profileId: profile.id }),
          sceau.listDocuments({ profileId: profile.id, sort: 'newest', limit: 10 }),
        ]);
        if (cancelled) return;
        setCounts(c);
        setRecent(r.rows);
        setLoadError(null);
      } catch (error) {
        if (!cancelled) setLoadError(errorMessage(error));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [profile, version]);

  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0;

  const test = async () => {
    if (!profile) return;
    setTesting(true);
    setTestResult(null);
    try {
      const r = await sceau.testConnection({ profileId: profile.id });
      const ok = r.reachable && r.authenticated;
      const plain = ok ? t('wizard.testOk') : r.reachable ? t('wizard.testAuth') : t('wizard.testUnreachable');
      setTestResult({ ok, text: r.message && !ok ? `${plain} ${r.message}` : plain });
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
      setReport(await sceau.verifyIntegrity({}));
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
          {reach ? (
            <div className={`banner ${reach.reachable ? 'banner--success' : 'banner--warning'}`}>
              <p>
                {reach.reachable ? <CheckIcon /> : <ClockIcon />} {reach.reachable ? t('conn.ok') : t('conn.ko')}
              </p>
              {!reach.reachable && reach.message ? <p>{reach.message}</p> : null}
              <p className="muted">{t('dash.archiveAt', { date: formatDateTime(reach.at) })}</p>
            </div>
          ) : (
            <p className="muted">{t('dash.archiveUnknown')}</p>
          )}
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
