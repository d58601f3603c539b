// Déposer's two lists: the documents still « à compléter » (each opens its metadata form
// in place) and what this session dropped, newest drop first.
import { useState } from 'react';
import type { DocumentSummary } from '../../../../main/contract/api';
import { t } from '../../i18n/fr';
import { isLooseAttachment } from '../../lib/act-groups';
import { missingText } from '../../lib/deposit';
import { formatCount } from '../../lib/format';
import { useUi } from '../../stores/ui';
import { MetadataForm } from '../MetadataForm';
import { StateBadge } from '../StateBadge';

export function DepositLists({
  toComplete,
  recent,
}: {
  toComplete: DocumentSummary[] | null;
  recent: DocumentSummary[] | null;
}) {
  const openDetail = useUi((s) => s.openDetail);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <section className="card" aria-labelledby="tocomplete-title">
        <h2 id="tocomplete-title">
          {t('deposit.toComplete')}
          {toComplete && toComplete.length > 0 ? ` (${formatCount(toComplete.length)})` : ''}
        </h2>
        {toComplete === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : toComplete.length === 0 ? (
          <p className="muted">{t('deposit.noneToComplete')}</p>
        ) : (
          <>
            <p className="muted">{t('deposit.toCompleteIntro')}</p>
            <ul className="doc-items">
              {toComplete.map((d) => {
                const expanded = open === d.id;
                return (
                  <li key={d.id} className="doc-item">
                    <div className="doc-item__row">
                      <button
                        type="button"
                        className="disclosure"
                        aria-expanded={expanded}
                        aria-controls={`doc-form-${d.id}`}
                        onClick={() => setOpen(expanded ? null : d.id)}
                      >
                        <span aria-hidden="true" className="disclosure__chevron">
                          {expanded ? '▾' : '▸'}
                        </span>
                        <span className="sr-only">{t('deposit.edit', { name: '' })}</span>
                        {d.fileName}
                      </button>
                      {d.role !== 'act' ? <span className="tag">{t(`role.${d.role}`)}</span> : null}
                      {isLooseAttachment(d) ? (
                        <span className="tag tag--warning">{t('attach.tag')}</span>
                      ) : (
                        <StateBadge state={d.state} />
                      )}
                      {d.missing.length > 0 && d.role === 'act' ? (
                        <span className="muted">{t('deposit.missing', { fields: missingText(d.missing) })}</span>
                      ) : null}
                    </div>
                    {expanded ? (
                      <div id={`doc-form-${d.id}`} className="doc-item__form">
                        <MetadataForm documentId={d.id} />
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{t('deposit.recent')}</h2>
        {recent === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : recent.length === 0 ? (
          <p className="muted">{t('deposit.none')}</p>
        ) : (
          <ul className="doc-list">
            {recent.map((d) => (
              <li
                key={d.id}
                className={`doc-list__item doc-list__item--recent${d.parentId ? ' doc-list__item--child' : ''}`}
              >
                <span className="doc-list__name">
                  {d.fileName}
                  {d.role !== 'act' ? <span className="tag">{t(`role.${d.role}`)}</span> : null}
                </span>
                <span className="muted">{d.metadata.objet ?? ''}</span>
                {waitsForAct(d, [...recent, ...(toComplete ?? [])]) ? (
                  <span className="muted">{t('attach.waitsForAct')}</span>
                ) : (
                  <StateBadge state={d.state} />
                )}
                <button type="button" className="btn btn--small" onClick={() => openDetail(d.id)}>
                  {t('deposit.open')}
                  <span className="sr-only"> {d.fileName}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** An attachment ready with an act still « à compléter »: it is not ready on its own. */
function waitsForAct(d: DocumentSummary, rows: DocumentSummary[]): boolean {
  if (d.state !== 'ready' || !d.parentId) return false;
  const act = rows.find((x) => x.id === d.parentId);
  return act !== undefined && act.state !== 'ready';
}
