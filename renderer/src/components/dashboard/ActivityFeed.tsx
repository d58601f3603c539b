// « Activité récente »: what happened, newest first, one plain French line each — files
// arrived (per folder or drop), sent, archived, refused, connection lost and back. Labels
// come from the one message catalogue (lib/messages.ts), never the engine's kind names.
import { useState } from 'react';
import type { ActivityKind } from '../../../../main/contract/api';
import { activityApi } from '../../data/api';
import { useQuery } from '../../data/query';
import { t } from '../../i18n/fr';
import { formatDateTime } from '../../lib/format';
import { activityLine } from '../../lib/messages';
import { useUi } from '../../stores/ui';
import { ErrorBanner } from '../ErrorBanner';

const PAGE = 15;

const TONE: Record<ActivityKind, string> = {
  sealed: 'info',
  completed: 'info',
  sent: 'progress',
  accepted: 'success',
  rejected: 'danger',
  'connection.lost': 'warning',
  'connection.back': 'success',
};

export function ActivityFeed({ profileId }: { profileId: string }) {
  const [limit, setLimit] = useState(PAGE);
  const openDetail = useUi((s) => s.openDetail);
  const feed = useQuery(['activity', profileId, limit], () => activityApi.list({ profileId, limit }), [
    'documents',
    'sync',
    'folders',
  ]);
  const rows = feed.data?.rows ?? null;
  return (
    <section className="card" aria-labelledby="dash-activity">
      <h2 id="dash-activity">{t('dash.activity')}</h2>
      <ErrorBanner message={feed.error} />
      {rows === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t('dash.activityNone')}</p>
      ) : (
        <ol className="activity" aria-labelledby="dash-activity">
          {rows.map((row) => {
            const line = activityLine(row);
            return (
              <li key={row.id} className="activity__item">
                <span className={`badge badge--${TONE[row.kind] ?? 'neutral'}`}>{line.label}</span>
                <span className="activity__text">
                  {line.text}
                  {row.documentId ? (
                    <>
                      {' '}
                      <button type="button" className="link" onClick={() => openDetail(row.documentId ?? '')}>
                        {t('dash.activityOpen')}
                      </button>
                    </>
                  ) : null}
                </span>
                <time className="muted activity__time" dateTime={row.updatedAt}>
                  {formatDateTime(row.updatedAt)}
                </time>
              </li>
            );
          })}
        </ol>
      )}
      {feed.data?.nextBefore && limit < 200 ? (
        <button type="button" className="btn btn--small" onClick={() => setLimit(Math.min(200, limit + PAGE))}>
          {t('dash.activityMore')}
        </button>
      ) : null}
    </section>
  );
}
