// Détail d’un document: state timeline, fingerprint, archive identifiers, ACK / ATR,
// exports (attestation, paquet de preuve, original), and the metadata form when editable.
import { useState } from 'react';
import { depositApi, documentsApi, exportsApi } from '../data/api';
import { useQuery } from '../data/query';
import { HelpTip } from '../components/HelpTip';
import { CopyIcon } from '../components/icons';
import { MetadataSummary } from '../components/metadata/MetadataSummary';
import { AttachToAct } from '../components/metadata/AttachPanel';
import { Attachments, MetadataForm, Preview } from '../components/MetadataForm';
import { PageTitle } from '../components/PageTitle';
import { StateBadge } from '../components/StateBadge';
import { t, type MessageKey } from '../i18n/fr';
import { METADATA_EDITABLE_STATES } from '../lib/acts';
import { downloadNotice } from '../lib/download';
import { frenchText, reasonLine, timelineLabel } from '../lib/messages';
import { errorMessage, formatBytes, formatDateTime } from '../lib/format';
import { useNotifications } from '../stores/notifications';
import { useUi } from '../stores/ui';

export function DocumentDetailScreen() {
  const id = useUi((s) => s.detailId);
  const closeDetail = useUi((s) => s.closeDetail);
  const returnTo = useUi((s) => s.returnTo);
  const push = useNotifications((s) => s.push);
  const query = useQuery(id ? ['document', id] : null, () => documentsApi.get(id ?? ''), ['documents']);
  const detail = query.data ?? null;
  const error = query.error;
  const setDetail = query.set;
  const [busy, setBusy] = useState<string | null>(null);

  const exportFile = async (kind: 'receipt' | 'evidence' | 'original') => {
    if (!detail) return;
    setBusy(kind);
    try {
      const d = await exportsApi.download(kind, detail.id);
      // « téléchargé » only once the file is really written (or handed to the browser).
      const notice = downloadNotice(d.ref.fileName, d.outcome);
      push(notice.level, notice.text);
    } catch (e) {
      push('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const act = async (kind: 'retry' | 'ignore' | 'force') => {
    // A second click while the first call is on its way (slow link) must not act again.
    if (!detail || busy !== null) return;
    setBusy(kind);
    try {
      const ids = [detail.id];
      const r =
        kind === 'retry'
          ? await documentsApi.retry(ids)
          : kind === 'ignore'
            ? await documentsApi.ignore(ids)
            : await documentsApi.force(ids);
      push('success', t('browse.done', { count: r.changed }));
    } catch (e) {
      push('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const depositNow = async () => {
    if (!detail) return;
    setBusy('deposit');
    try {
      const r = await depositApi.now([detail.id]);
      if (r.problems.length > 0) push('warning', r.problems.map((p) => p.message).join(' '));
      else push('success', t('queue.queuedNow', { count: r.queued }));
    } catch (e) {
      push('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      push('info', t('common.copied'));
    } catch {
      push('warning', t('common.copyFailed'));
    }
  };

  const backKey: MessageKey =
    returnTo === 'dashboard'
      ? 'detail.back.dashboard'
      : returnTo === 'deposit'
        ? 'detail.back.deposit'
        : returnTo === 'queue'
          ? 'detail.back.queue'
          : 'detail.back.browse';
  const back = (
    <button type="button" className="btn btn--ghost btn--back" onClick={closeDetail}>
      <span aria-hidden="true">← </span>
      {t(backKey)}
    </button>
  );

  if (!detail) {
    return (
      <>
        {back}
        <PageTitle>{t('detail.title')}</PageTitle>
        {error ? (
          <p className="banner banner--danger" role="alert">
            {error}
          </p>
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </>
    );
  }

  const tr = detail.transfer;
  const accepted = detail.state === 'accepted';
  const editable = METADATA_EDITABLE_STATES.includes(detail.state);
  const ignored = detail.state === 'ignored';

  return (
    <>
      {back}
      <PageTitle>{t('detail.title')}</PageTitle>
      <div className="detail__head">
        <p className="lead detail__name">{detail.fileName}</p>
        <StateBadge state={detail.state} />
      </div>
      {/* Whatever commune is active: the deposit itself went to the demonstration archive. */}
      {tr?.archiveKind === 'demo' ? (
        <p className="banner banner--warning" role="note">
          <strong>{t('demo.documentTitle')}</strong> {t('demo.document')}
        </p>
      ) : null}
      {detail.reason || ignored ? (
        <div
          className={`banner ${detail.state === 'rejected' || detail.state === 'failed' ? 'banner--danger' : ignored ? 'banner--info' : 'banner--warning'}`}
        >
          {detail.reason ? (
            <p>
              <strong>{reasonLine(detail.state, detail.reason).label} : </strong>
              {reasonLine(detail.state, detail.reason).text}
            </p>
          ) : null}
          {ignored ? <p>{t('detail.ignoredHint')}</p> : null}
          <div className="actions actions--start">
            {detail.state === 'rejected' && editable ? (
              <button
                type="button"
                className="btn btn--primary"
                onClick={() => {
                  // The form below: its first field, ready to correct (then « Corriger et renvoyer »).
                  const form = document.getElementById('d-meta')?.closest('section');
                  form?.scrollIntoView({ block: 'start' });
                  form?.querySelector<HTMLElement>('select, input, textarea')?.focus();
                }}
              >
                {t('detail.fixBelow')}
              </button>
            ) : null}
            {detail.state === 'failed' ? (
              <button
                type="button"
                className="btn btn--primary"
                disabled={busy !== null}
                onClick={() => void act('retry')}
              >
                {t('browse.retry')}
              </button>
            ) : null}
            {detail.state === 'skipped_auto_archived' ? (
              <button
                type="button"
                className="btn btn--primary"
                disabled={busy !== null}
                onClick={() => void act('force')}
              >
                {t('browse.force')}
              </button>
            ) : null}
            {detail.state === 'ignored' ? (
              <button
                type="button"
                className="btn btn--primary"
                disabled={busy !== null}
                onClick={() => void act('retry')}
              >
                {t('browse.restore')}
              </button>
            ) : null}
            {detail.state === 'failed' ||
            detail.state === 'rejected' ||
            detail.state === 'duplicate' ||
            detail.state === 'needs_metadata' ? (
              <button type="button" className="btn" disabled={busy !== null} onClick={() => void act('ignore')}>
                {t('browse.ignore')}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}

      <AttachToAct detail={detail} onChanged={(d) => setDetail(d)} />

      {editable ? (
        <section className="card" aria-labelledby="d-meta">
          <h2 id="d-meta">{t('meta.title')}</h2>
          <MetadataForm
            documentId={detail.id}
            showExtras={false}
            toastOnSave={false}
            resend={detail.state === 'rejected' || detail.state === 'failed'}
            onSaved={(d) => setDetail(d)}
          />
        </section>
      ) : (
        <MetadataSummary detail={detail} />
      )}

      {detail.state === 'ready' ? (
        <div className="banner banner--info">
          <p>{t('detail.readyHint')}</p>
          <div className="actions actions--start">
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy !== null}
              onClick={() => void depositNow()}
            >
              {t('queue.now')}
            </button>
          </div>
        </div>
      ) : null}

      <div className="actions actions--start">
        {accepted ? (
          <button
            type="button"
            className="btn btn--primary"
            disabled={busy !== null}
            onClick={() => void exportFile('receipt')}
          >
            {t('detail.receipt')}
          </button>
        ) : null}
        <button
          type="button"
          className="btn"
          disabled={busy !== null || detail.fingerprint === null}
          onClick={() => void exportFile('evidence')}
        >
          {t('detail.evidence')}
        </button>
        <button type="button" className="btn" disabled={busy !== null} onClick={() => void exportFile('original')}>
          {t('detail.original')}
        </button>
      </div>

      <div className="grid2">
        <section className="card" aria-labelledby="d-fp">
          <div className="card__head card__head--start">
            <h2 id="d-fp">{t('detail.fingerprint')}</h2>
            <HelpTip id="d-fp" topic={t('detail.fingerprint')} text={t('help.fingerprint')} />
          </div>
          {detail.fingerprint ? (
            <>
              <p className="muted">{detail.fingerprint.algorithm.toUpperCase()}</p>
              <p className="hash">
                <code>{detail.fingerprint.hex}</code>
              </p>
              <button type="button" className="btn btn--small" onClick={() => void copy(detail.fingerprint?.hex ?? '')}>
                <CopyIcon /> {t('detail.copyFingerprint')}
              </button>
            </>
          ) : (
            <p className="muted">{t('detail.noFingerprint')}</p>
          )}
          <dl className="dl">
            <dt>{t('detail.source')}</dt>
            <dd>
              <code>{detail.sourcePath}</code>
            </dd>
            <dt>{t('detail.size')}</dt>
            <dd>{formatBytes(detail.size)}</dd>
            <dt>{t('detail.role')}</dt>
            <dd>{t(`role.${detail.role}`)}</dd>
          </dl>
        </section>

        <section className="card" aria-labelledby="d-ids">
          <h2 id="d-ids">{t('detail.identifiers')}</h2>
          {tr ? (
            <dl className="dl">
              <dt>
                <span>{t('detail.messageId')}</span>{' '}
                <HelpTip id="d-mid" topic={t('detail.messageId')} text={t('help.messageId')} />
              </dt>
              <dd>
                <code>{tr.messageIdentifier}</code>
              </dd>
              <dt>{t('detail.cote')}</dt>
              <dd>{tr.archiveReference ? <code>{tr.archiveReference}</code> : t('common.none')}</dd>
              <dt>{t('detail.sentLabel')}</dt>
              <dd>{formatDateTime(tr.sentAt)}</dd>
              <dt>{t('detail.ack')}</dt>
              <dd>
                {tr.acknowledgedAt
                  ? t('detail.ackAt', { date: formatDateTime(tr.acknowledgedAt) })
                  : t('detail.ackNone')}
              </dd>
              <dt>
                <span>{t('detail.atr')}</span> <HelpTip id="d-atr" topic={t('detail.atr')} text={t('help.atrCode')} />
              </dt>
              <dd>
                {tr.repliedAt ? (
                  <>
                    {t('detail.ackAt', { date: formatDateTime(tr.repliedAt) })}
                    {tr.replyCode ? ` — ${t('detail.atrCode', { code: tr.replyCode })}` : ''}
                    {tr.replyComment ? <span className="block">{tr.replyComment}</span> : null}
                  </>
                ) : (
                  t('detail.atrNone')
                )}
              </dd>
            </dl>
          ) : (
            <p className="muted">{t('detail.noTransfer')}</p>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="d-timeline">
        <h2 id="d-timeline">{t('detail.timeline')}</h2>
        <ol className="timeline">
          {detail.timeline.map((e) => (
            <li key={e.seq} className="timeline__item">
              <time dateTime={e.at} className="timeline__at">
                {formatDateTime(e.at)}
              </time>
              <span className="timeline__label">
                {e.state ? <StateBadge state={e.state} /> : null} {timelineLabel(e)}
              </span>
              {e.detail ? <span className="timeline__detail">{frenchText(e.detail)}</span> : null}
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-label={t('meta.preview')}>
        <Preview detail={detail} />
        <Attachments detail={detail} />
      </section>
    </>
  );
}
