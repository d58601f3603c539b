// Détail d’un document: state timeline, fingerprint, archive identifiers, ACK / ATR,
// exports (attestation, paquet de preuve, original), and the metadata form when editable.
import { useEffect, useState } from 'react';
import type { DocumentDetail, ExportRef } from '../../../main/contract/api';
import { sceau } from '../bridge';
import { CopyIcon } from '../components/icons';
import { Attachments, MetadataForm, Preview } from '../components/MetadataForm';
import { PageTitle } from '../components/PageTitle';
import { StateBadge } from '../components/StateBadge';
import { t, type MessageKey } from '../i18n/fr';
import { METADATA_EDITABLE_STATES } from '../lib/acts';
import { errorMessage, formatBytes, formatDateTime } from '../lib/format';
import { useDocuments } from '../stores/documents';
import { useNotifications } from '../stores/notifications';
import { useSync } from '../stores/sync';
import { useUi } from '../stores/ui';

export function DocumentDetailScreen() {
  const id = useUi((s) => s.detailId);
  const closeDetail = useUi((s) => s.closeDetail);
  const returnTo = useUi((s) => s.returnTo);
  const version = useDocuments((s) => s.version);
  const push = useNotifications((s) => s.push);
  const [detail, setDetail] = useState<DocumentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    if (!id) return;
    let cancelled = false;
    sceau
      .getDocument({ id })
      .then((d) => {
        if (!cancelled) {
          setDetail(d);
          setError(null);
        }
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(errorMessage(e));
      });
    return () => {
      cancelled = true;
    };
  }, [id, version]);

  const exportFile = async (kind: 'receipt' | 'evidence' | 'original') => {
    if (!detail) return;
    setBusy(kind);
    try {
      let ref: ExportRef;
      if (kind === 'receipt') ref = await sceau.exportReceipt({ documentId: detail.id });
      else if (kind === 'evidence') ref = await sceau.exportEvidence({ documentId: detail.id });
      else ref = await sceau.openOriginal({ documentId: detail.id });
      await sceau.download(ref);
      push(
        'success',
        ref.savedTo ? t('detail.savedTo', { path: ref.savedTo }) : t('detail.downloaded', { name: ref.fileName }),
      );
    } catch (e) {
      push('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const act = async (kind: 'retry' | 'ignore' | 'force') => {
    if (!detail) return;
    try {
      const ids = [detail.id];
      const r =
        kind === 'retry'
          ? await sceau.retryDocuments({ ids })
          : kind === 'ignore'
            ? await sceau.ignoreDocuments({ ids })
            : await sceau.forceDocuments({ ids });
      push('success', t('browse.done', { count: r.changed }));
      useDocuments.getState().bump();
    } catch (e) {
      push('error', errorMessage(e));
    }
  };

  const depositNow = async () => {
    if (!detail) return;
    setBusy('deposit');
    try {
      const r = await sceau.depositNow({ ids: [detail.id] });
      if (r.problems.length > 0) push('warning', r.problems.map((p) => p.message).join(' '));
      else push('success', t('queue.queuedNow', { count: r.queued }));
      useDocuments.getState().bump();
      void useSync
        .getState()
        .load()
        .catch(() => undefined);
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
      {detail.reason || ignored ? (
        <div
          className={`banner ${detail.state === 'rejected' || detail.state === 'failed' ? 'banner--danger' : ignored ? 'banner--info' : 'banner--warning'}`}
        >
          {detail.reason ? (
            <p>
              <strong>{t('detail.reason')} : </strong>
              {detail.reason}
            </p>
          ) : null}
          {ignored ? <p>{t('detail.ignoredHint')}</p> : null}
          <div className="actions actions--start">
            {detail.state === 'failed' ? (
              <button type="button" className="btn btn--primary" onClick={() => void act('retry')}>
                {t('browse.retry')}
              </button>
            ) : null}
            {detail.state === 'skipped_auto_archived' ? (
              <button type="button" className="btn btn--primary" onClick={() => void act('force')}>
                {t('browse.force')}
              </button>
            ) : null}
            {detail.state === 'ignored' ? (
              <button type="button" className="btn btn--primary" onClick={() => void act('retry')}>
                {t('browse.restore')}
              </button>
            ) : null}
            {detail.state === 'failed' ||
            detail.state === 'rejected' ||
            detail.state === 'duplicate' ||
            detail.state === 'needs_metadata' ? (
              <button type="button" className="btn" onClick={() => void act('ignore')}>
                {t('browse.ignore')}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}

      {editable ? (
        <section className="card" aria-labelledby="d-meta">
          <h2 id="d-meta">{t('meta.title')}</h2>
          <MetadataForm documentId={detail.id} showExtras={false} toastOnSave={false} onSaved={(d) => setDetail(d)} />
        </section>
      ) : null}

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
          <h2 id="d-fp">{t('detail.fingerprint')}</h2>
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
              <dt>{t('detail.messageId')}</dt>
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
              <dt>{t('detail.atr')}</dt>
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
                {e.state ? <StateBadge state={e.state} /> : null} {e.label}
              </span>
              {e.detail ? <span className="timeline__detail">{e.detail}</span> : null}
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
