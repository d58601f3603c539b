// « Exporter la liste (CSV) » and « Imprimer » for the current list of Versements. The CSV is
// made by the engine over the whole filter (every matching document, not the rows on screen)
// and handed over like the attestation: browser download, or the desktop save dialog. The
// printout is a plain table of the first rows (a print stylesheet hides the app around it).
import { useEffect, useState } from 'react';
import type { DocumentFilter, DocumentSummary } from '../../../../main/contract/api';
import { documentsApi, exportsApi } from '../../data/api';
import { t } from '../../i18n/fr';
import { classificationLabel, natureLabel } from '../../lib/acts';
import { downloadNotice } from '../../lib/download';
import { errorMessage, formatDateTime } from '../../lib/format';
import { useNotifications } from '../../stores/notifications';
import { stateLabel } from '../StateBadge';
import { attachedLabel, shortActDate } from './DocumentRow';

/** The most a printout holds (one call of the contract); the CSV has everything. */
export const PRINT_MAX = 1000;

type ListRequest = Omit<DocumentFilter, 'offset' | 'limit'>;

export function ListTools({ request, total, title }: { request: ListRequest; total: number | null; title: string }) {
  const push = useNotifications((s) => s.push);
  const [busy, setBusy] = useState<'csv' | 'print' | null>(null);
  const [printed, setPrinted] = useState<{ rows: DocumentSummary[]; total: number; at: string } | null>(null);

  const exportCsv = async () => {
    setBusy('csv');
    try {
      const d = await exportsApi.list(request);
      const notice = downloadNotice(d.ref.fileName, d.outcome);
      push(notice.level, d.outcome.saved ? `${notice.text} ${t('browse.csvCount', { count: d.count })}` : notice.text);
    } catch (e) {
      push('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const print = async () => {
    setBusy('print');
    try {
      const r = await documentsApi.list({ ...request, offset: 0, limit: PRINT_MAX });
      setPrinted({ rows: r.rows, total: r.total, at: new Date().toISOString() });
    } catch (e) {
      push('error', errorMessage(e));
      setBusy(null);
    }
  };

  // Printed once the table is on the page; the table stays until the next printout.
  useEffect(() => {
    if (!printed || busy !== 'print') return;
    setBusy(null);
    window.print();
  }, [printed, busy]);

  const empty = total === 0 || total === null;
  return (
    <>
      <div className="actions list-tools">
        <button
          type="button"
          className="btn btn--small"
          disabled={busy !== null || empty}
          onClick={() => void exportCsv()}
        >
          {busy === 'csv' ? t('browse.csvBusy') : t('browse.csv')}
        </button>
        <button type="button" className="btn btn--small" disabled={busy !== null || empty} onClick={() => void print()}>
          {t('browse.print')}
        </button>
      </div>
      {printed ? <PrintTable title={title} {...printed} /> : null}
    </>
  );
}

function PrintTable({ title, rows, total, at }: { title: string; rows: DocumentSummary[]; total: number; at: string }) {
  return (
    <div className="print-only print-list">
      <p className="print-list__title">
        {title} — {t('browse.printedAt', { date: formatDateTime(at) })}
      </p>
      <p>
        {rows.length < total
          ? t('browse.printedSome', { count: rows.length, total })
          : t('browse.count', { count: total })}
      </p>
      <table>
        <caption className="sr-only">{t('browse.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('browse.col.nature')}</th>
            <th scope="col">{t('browse.col.number')}</th>
            <th scope="col">{t('browse.col.date')}</th>
            <th scope="col">{t('field.objet')}</th>
            <th scope="col">{t('browse.col.classification')}</th>
            <th scope="col">{t('browse.col.file')}</th>
            <th scope="col">{t('browse.col.reference')}</th>
            <th scope="col">{t('browse.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => {
            const m = d.metadata;
            const label = m.classification ? classificationLabel(m.classification) : undefined;
            return (
              <tr key={d.id}>
                <td>{m.nature ? natureLabel(m.nature) : ''}</td>
                <td>{m.number ?? ''}</td>
                <td>{shortActDate(m.date)}</td>
                <td>{m.objet ?? ''}</td>
                <td>{m.classification ? `${m.classification}${label ? ` ${label}` : ''}` : ''}</td>
                <td>
                  {d.role !== 'act' ? `${attachedLabel(d)} : ` : ''}
                  {d.fileName}
                </td>
                <td>{d.archiveReference ?? ''}</td>
                <td>{stateLabel(d.state)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
