// One row of Versements: the file and its objet, then the act's own columns (nature, number,
// act date, classification, the archive's reference), its state and ONE clear action. The
// column titles above the list are for the eye; each cell names itself to screen readers.
import type { DocumentSummary } from '../../../../main/contract/api';
import { t } from '../../i18n/fr';
import { classificationLabel, natureLabel } from '../../lib/acts';
import { frenchText } from '../../lib/messages';
import { StateBadge } from '../StateBadge';

export type RowAction = 'retry' | 'ignore' | 'force';

/** « 12/03/2024 » (short: a column), as written, without time zone shifts. */
export function shortActDate(iso: string | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso ?? '');
}

function Cell({ name, value, title, className }: { name: string; value: string; title?: string; className: string }) {
  return (
    <span className={`vrow__cell ${className}`} {...(title ? { title } : {})}>
      <span className="sr-only">{name} : </span>
      {value || (
        <>
          <span aria-hidden="true">—</span>
          <span className="sr-only">{t('common.none')}</span>
        </>
      )}
    </span>
  );
}

/** « Annexe de l’acte 2024_045 » (or just « Annexe » while it is not attached to a numbered act). */
export function attachedLabel(d: DocumentSummary): string {
  const role = t(`role.${d.role}`);
  return d.parentNumber ? t('browse.attachedTo', { role, number: d.parentNumber }) : role;
}

/** The column titles, aligned with the rows' grid (hidden from screen readers: cells say theirs). */
export function ColumnHeads() {
  return (
    <div className="vlist-head" aria-hidden="true">
      <div className="vrow__content">
        <span>{t('browse.col.document')}</span>
        <span className="vrow__cell">{t('browse.col.nature')}</span>
        <span className="vrow__cell">{t('browse.col.number')}</span>
        <span className="vrow__cell">{t('browse.col.date')}</span>
        {/* A soft hyphen: the title breaks in its narrow column instead of being cut. */}
        <span className="vrow__cell">
          {t('browse.col.classification').replace('Classification', 'Classi\u00adfication')}
        </span>
        <span className="vrow__cell">{t('browse.col.reference')}</span>
        <span>{t('browse.col.state')}</span>
      </div>
    </div>
  );
}

export function DocumentRow({
  d,
  communeName,
  onOpen,
  onAct,
}: {
  d: DocumentSummary;
  communeName: string;
  onOpen: (id: string) => void;
  onAct: (kind: RowAction, id: string) => Promise<void>;
}) {
  let action: { label: string; run: () => void } | null = null;
  if (d.state === 'failed') action = { label: t('browse.retry'), run: () => void onAct('retry', d.id) };
  else if (d.state === 'rejected') action = { label: t('browse.fix'), run: () => onOpen(d.id) };
  else if (d.state === 'needs_metadata') action = { label: t('browse.complete'), run: () => onOpen(d.id) };
  else if (d.state === 'ignored') action = { label: t('browse.restore'), run: () => void onAct('retry', d.id) };
  else if (d.state === 'skipped_auto_archived')
    action = { label: t('browse.force'), run: () => void onAct('force', d.id) };
  else if (d.state === 'duplicate') action = { label: t('browse.ignore'), run: () => void onAct('ignore', d.id) };
  const m = d.metadata;
  const nature = m.nature ? natureLabel(m.nature) : '';
  const classLabel = m.classification ? classificationLabel(m.classification) : undefined;
  return (
    <div className={`vrow__content vrow--${d.state}`}>
      <div className="vrow__main">
        <button type="button" className="link vrow__name" onClick={() => onOpen(d.id)}>
          <span className="sr-only">{t('browse.details', { name: '' })}</span>
          {d.fileName}
        </button>
        <span
          className="vrow__objet"
          title={`${d.role !== 'act' ? `${attachedLabel(d)} — ` : ''}${m.objet ?? d.relativePath}`}
        >
          {d.role !== 'act' ? <span className="vrow__role">{attachedLabel(d)} — </span> : null}
          {m.objet ?? d.relativePath}
        </span>
        {d.reason ? (
          <span className="vrow__reason" title={frenchText(d.reason)}>
            {frenchText(d.reason)}
          </span>
        ) : communeName ? (
          <span className="vrow__commune">{communeName}</span>
        ) : null}
      </div>
      <Cell
        className="vrow__nature"
        name={t('browse.col.nature')}
        value={nature}
        {...(nature ? { title: nature } : {})}
      />
      <Cell className="vrow__number" name={t('browse.col.number')} value={m.number ?? ''} />
      <Cell className="vrow__date" name={t('browse.col.date')} value={shortActDate(m.date)} />
      <Cell
        className="vrow__class"
        name={t('browse.col.classification')}
        value={m.classification ?? ''}
        {...(classLabel ? { title: `${m.classification ?? ''} — ${classLabel}` } : {})}
      />
      <Cell className="vrow__ref" name={t('browse.col.reference')} value={d.archiveReference ?? ''} />
      <div className="vrow__meta">
        <StateBadge state={d.state} />
        {action ? (
          <button
            type="button"
            className={`btn btn--small${d.state === 'failed' || d.state === 'rejected' ? ' btn--primary' : ''}`}
            onClick={action.run}
          >
            {action.label}
            <span className="sr-only"> — {d.fileName}</span>
          </button>
        ) : null}
      </div>
    </div>
  );
}
