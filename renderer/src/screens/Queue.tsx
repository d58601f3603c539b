// À verser: documents ready to leave (select many → now / tonight, or as ONE folder), the
// blocked ones (to complete, or to send inside a folder, which needs no act metadata), the
// sync status told calmly (offline, paused) and transfer progress.
import { useEffect, useMemo, useState } from 'react';
import type { DocumentSummary } from '../../../main/contract/api';
import { depositApi, documentsApi, syncApi } from '../data/api';
import { useQuery, useTopic } from '../data/query';
import { FolderDepositDialog, type FolderOutcome } from '../components/FolderDepositDialog';
import { ClockIcon, WarnIcon } from '../components/icons';
import { PageTitle } from '../components/PageTitle';
import { actFamilies, ReadyActs } from '../components/queue/ReadyActs';
import { Progress } from '../components/Progress';
import { t } from '../i18n/fr';
import { isLooseAttachment } from '../lib/act-groups';
import { commonFolderName } from '../lib/acts';
import { frenchText } from '../lib/messages';
import { errorMessage, formatBytes, formatCount, formatDuration } from '../lib/format';
import { useActiveProfile } from '../stores/profiles';
import { useSettings } from '../stores/settings';
import { useArchiveStatus, useSync } from '../stores/sync';
import { useUi } from '../stores/ui';
import { missingText } from '../lib/deposit';
import { ErrorBanner } from '../components/ErrorBanner';

const PAGE = 200;

export function SyncBanner() {
  const status = useSync((s) => s.status);
  const archive = useArchiveStatus();
  if (!status) return null;
  const count = status.pendingCount;
  const offline = archive.kind === 'unreachable';
  const quiet = !offline && !status.paused && count === 0 && status.scheduledTonight === 0;
  if (quiet) return null;
  let text: string;
  let tone = 'info';
  if (offline) text = t('queue.offline', { count });
  else if (status.paused && status.reason === 'metered') text = t('queue.pausedMetered', { count });
  else if (status.paused && status.reason === 'policy') text = t('queue.pausedPolicy', { count });
  else if (status.paused) {
    text = t('queue.pausedUser', { count });
    tone = 'warning';
  } else text = t('queue.pending', { count });
  return (
    <div className={`banner banner--${tone}`} role="status">
      <p>
        <ClockIcon /> {text}
        {status.scheduledTonight > 0 ? ` ${t('queue.tonightCount', { count: status.scheduledTonight })}` : ''}
      </p>
      {status.currentRateLimitKbps !== null ? (
        <p className="muted">{t('queue.limit', { rate: status.currentRateLimitKbps })}</p>
      ) : null}
    </div>
  );
}

function Transfers() {
  const transfers = useSync((s) => s.transfers);
  const pending = useSync((s) => s.status?.pendingCount ?? 0);
  const archive = useArchiveStatus();
  const list = Object.values(transfers);
  if (list.length === 0)
    return (
      <p className="muted">
        {pending > 0 && archive.kind === 'unreachable'
          ? t('queue.noTransferWaiting', { count: pending })
          : t('queue.noTransfer')}
      </p>
    );
  const sent = list.reduce((a, x) => a + x.sentBytes, 0);
  const total = list.reduce((a, x) => a + x.totalBytes, 0);
  const rate = list.reduce((a, x) => a + x.rate, 0);
  const line = (s: number, tot: number, r: number) =>
    t('queue.transferLine', {
      sent: formatBytes(s),
      total: formatBytes(tot),
      rate: formatBytes(r),
      left: r > 0 ? t('queue.timeLeft', { time: formatDuration((tot - s) / r) }) : t('queue.timeUnknown'),
    });
  return (
    <>
      {list.length > 1 ? (
        <Progress label={t('queue.overall')} value={sent} max={total} detail={line(sent, total, rate)} />
      ) : null}
      {list.map((x) => (
        <Progress
          key={x.transferId}
          label={x.label || x.transferId}
          value={x.sentBytes}
          max={x.totalBytes}
          detail={line(x.sentBytes, x.totalBytes, x.rate)}
        />
      ))}
    </>
  );
}

export function Queue() {
  const profile = useActiveProfile();
  const status = useSync((s) => s.status);
  const setStatus = useSync((s) => s.setStatus);
  const night = useSettings((s) => s.view?.values.nightWindow);
  const openDetail = useUi((s) => s.openDetail);
  const [limit, setLimit] = useState(PAGE);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: string; lines: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [folderOpen, setFolderOpen] = useState(false);

  const profileId = profile?.id ?? null;
  const lists = useQuery(
    profileId ? ['queue', profileId, limit] : null,
    async () => {
      const base = { profileId: profileId ?? '', sort: 'oldest' as const, limit: Math.min(limit, 1000) };
      const [r, b] = await Promise.all([
        documentsApi.list({ ...base, states: ['ready'] }),
        documentsApi.list({ ...base, states: ['needs_metadata'] }),
      ]);
      return { ready: r, blocked: b };
    },
    ['documents'],
  );
  const ready = lists.data?.ready ?? null;
  const blocked = lists.data?.blocked ?? null;
  // A selection keeps only what is still listed.
  useEffect(() => {
    if (!lists.data) return;
    const ids = new Set([...lists.data.ready.rows, ...lists.data.blocked.rows].map((x) => x.id));
    setSelected((s) => new Set([...s].filter((id) => ids.has(id))));
  }, [lists.data]);
  // Tonight's count and the transfers follow the documents' moves.
  useTopic('documents', () => {
    void useSync
      .getState()
      .load()
      .catch(() => undefined);
  });

  const allReadyRows = useMemo(() => ready?.rows ?? [], [ready]);
  // One act, one line: its annexes and signatures under it, selected with it, never alone.
  const family = useMemo(() => actFamilies(allReadyRows), [allReadyRows]);
  const readyRows = family.selectable;
  const blockedRows = useMemo(() => blocked?.rows ?? [], [blocked]);
  const selectedReady = readyRows.filter((x) => selected.has(x.id));
  const selectedBlocked = blockedRows.filter((x) => selected.has(x.id));
  const allReady = readyRows.length > 0 && selectedReady.length === readyRows.length;
  const someReady = selectedReady.length > 0 && !allReady;
  const allBlocked = blockedRows.length > 0 && selectedBlocked.length === blockedRows.length;
  const someBlocked = selectedBlocked.length > 0 && !allBlocked;
  const indeterminate = (on: boolean) => (el: HTMLInputElement | null) => {
    if (el) el.indeterminate = on;
  };
  const folderTitle = useMemo(
    () => commonFolderName([...readyRows, ...blockedRows].filter((x) => selected.has(x.id)).map((x) => x.relativePath)),
    [readyRows, blockedRows, selected],
  );
  const setMany = (rows: DocumentSummary[], on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      for (const x of rows) {
        if (on) n.add(x.id);
        else n.delete(x.id);
      }
      return n;
    });

  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      const on = !n.has(id);
      // An act takes its attachments with it.
      for (const x of [id, ...(family.children.get(id) ?? []).map((c) => c.id)]) {
        if (on) n.add(x);
        else n.delete(x);
      }
      return n;
    });

  const deposit = async (when: 'now' | 'tonight') => {
    // Documents still « à compléter » can only leave inside a folder: not sent one by one.
    const ids = selectedReady.map((x) => x.id);
    if (ids.length === 0) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const r = when === 'now' ? await depositApi.now(ids) : await depositApi.tonight(ids);
      const lines = [t(when === 'now' ? 'queue.queuedNow' : 'queue.queuedTonight', { count: r.queued })];
      if (r.problems.length > 0) {
        lines.push(t('queue.problems', { count: r.problems.length }));
        const names = new Map(ready?.rows.map((x) => [x.id, x.fileName]) ?? []);
        for (const p of r.problems.slice(0, 20)) lines.push(`${names.get(p.id) ?? p.id} — ${p.message}`);
      }
      setMessage({ tone: r.problems.length > 0 ? 'warning' : 'success', lines });
      setSelected((s) => new Set([...s].filter((id) => !ids.includes(id))));
      await useSync.getState().load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const togglePause = async () => {
    try {
      setStatus(status?.paused && status.reason === 'user' ? await syncApi.resume() : await syncApi.pause());
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const userPaused = status?.paused === true && status.reason === 'user';

  return (
    <>
      <PageTitle>{t('queue.title')}</PageTitle>
      <p className="lead">{t('queue.intro')}</p>
      <SyncBanner />
      {/* The list's own error goes away by itself once it loads again (host back). */}
      <ErrorBanner message={error ?? lists.error} />

      <section className="card" aria-labelledby="ready-title">
        <h2 id="ready-title">{ready ? t('queue.ready', { count: ready.total }) : t('state.ready')}</h2>
        {ready === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : (
          <>
            {readyRows.length === 0 ? <p className="muted">{t('queue.empty')}</p> : null}
            {readyRows.length > 0 || blockedRows.length > 0 ? (
              <div className="toolbar">
                {readyRows.length > 0 ? (
                  <div className="check">
                    <input
                      id="select-all"
                      type="checkbox"
                      ref={indeterminate(someReady)}
                      checked={allReady}
                      onChange={() => setMany(readyRows, !allReady)}
                    />
                    <label htmlFor="select-all">{t('queue.selectAll')}</label>
                  </div>
                ) : null}
                <span className="muted" role="status">
                  {t('queue.selected', { count: selected.size })}
                </span>
                <div className="actions actions--inline">
                  {readyRows.length > 0 ? (
                    <>
                      <button
                        type="button"
                        className="btn btn--primary"
                        disabled={busy || selectedReady.length === 0}
                        onClick={() => void deposit('now')}
                      >
                        {t('queue.now')}
                      </button>
                      <button
                        type="button"
                        className="btn"
                        disabled={busy || selectedReady.length === 0}
                        onClick={() => void deposit('tonight')}
                        aria-describedby={night ? 'tonight-hint' : undefined}
                      >
                        {t('queue.tonight')}
                      </button>
                    </>
                  ) : null}
                  <button
                    type="button"
                    className="btn"
                    disabled={busy || selected.size === 0}
                    onClick={() => setFolderOpen(true)}
                  >
                    {t('folder.action')}
                  </button>
                </div>
              </div>
            ) : null}
            {night && readyRows.length > 0 ? (
              <p id="tonight-hint" className="field__hint">
                {t('queue.tonightHint', { start: night.start, end: night.end })}
              </p>
            ) : null}
            {selectedBlocked.length > 0 ? (
              <p className="note">{t('queue.blockedSelected', { count: selectedBlocked.length })}</p>
            ) : null}
            {allReadyRows.length > 0 ? (
              <ReadyActs family={family} selected={selected} onToggle={toggle} onOpen={openDetail} />
            ) : null}
            {ready.total > ready.rows.length && limit < 1000 ? (
              <button type="button" className="btn" onClick={() => setLimit(Math.min(limit + PAGE, 1000))}>
                {t('queue.more')}
              </button>
            ) : null}
          </>
        )}
        <div role="status" aria-live="polite">
          {message ? (
            <div className={`banner banner--${message.tone}`}>
              {message.lines.map((l, i) => (
                <p key={i}>{l}</p>
              ))}
            </div>
          ) : null}
        </div>
      </section>

      {blocked && blocked.total > 0 ? (
        <section className="card" aria-labelledby="blocked-title">
          <h2 id="blocked-title">
            <WarnIcon /> {t('queue.blocked')} ({formatCount(blocked.total)})
          </h2>
          <p className="muted">{t('queue.blockedHint')}</p>
          <div className="check">
            <input
              id="select-blocked"
              type="checkbox"
              ref={indeterminate(someBlocked)}
              checked={allBlocked}
              onChange={() => setMany(blockedRows, !allBlocked)}
            />
            <label htmlFor="select-blocked">{t('queue.selectBlocked')}</label>
          </div>
          <ul className="doc-list">
            {blockedRows.map((d) => (
              <li key={d.id} className="doc-list__item doc-list__item--blocked">
                <input id={`sel-${d.id}`} type="checkbox" checked={selected.has(d.id)} onChange={() => toggle(d.id)} />
                <label htmlFor={`sel-${d.id}`} className="doc-list__name">
                  <span className="sr-only">{t('queue.select', { name: '' })}</span>
                  {d.relativePath}
                </label>
                <span className="muted">
                  {isLooseAttachment(d) ? <span className="tag tag--warning">{t('attach.tag')}</span> : null}
                  {d.missing.length > 0 && d.role === 'act'
                    ? t('deposit.missing', { fields: missingText(d.missing) })
                    : frenchText(d.reason ?? '')}
                </span>
                <button type="button" className="btn btn--small" onClick={() => openDetail(d.id)}>
                  {isLooseAttachment(d) ? t('queue.attach') : t('queue.complete')}
                  <span className="sr-only"> {d.fileName}</span>
                </button>
              </li>
            ))}
          </ul>
          {blocked.total > blocked.rows.length && limit < 1000 ? (
            <button type="button" className="btn" onClick={() => setLimit(Math.min(limit + PAGE, 1000))}>
              {t('queue.more')}
            </button>
          ) : null}
        </section>
      ) : null}
      <FolderDepositDialog
        open={folderOpen}
        ids={[...selected]}
        defaultTitle={folderTitle}
        onClose={() => setFolderOpen(false)}
        onDone={(o: FolderOutcome) => {
          setFolderOpen(false);
          setMessage(o);
          setSelected(new Set());
        }}
      />
      <section className="card" aria-labelledby="transfers-title">
        <div className="card__head">
          <h2 id="transfers-title">{t('queue.progress')}</h2>
          <button type="button" className="btn" onClick={() => void togglePause()} aria-pressed={userPaused}>
            {userPaused ? t('queue.resume') : t('queue.pause')}
          </button>
        </div>
        <div aria-live="polite" aria-atomic="false">
          <Transfers />
        </div>
      </section>
    </>
  );
}
