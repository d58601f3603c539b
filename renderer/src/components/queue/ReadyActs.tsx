// « À verser », one act per line: its annexes and signature files listed under it, with no
// box of their own (they leave with it, ticking the act ticks them). Attachments whose act is
// not ready yet wait for it, never selectable alone.
import type { DocumentSummary } from '../../../../main/contract/api';
import { t } from '../../i18n/fr';
import { formatActDate } from '../../lib/format';

export interface ActFamilies {
  tops: DocumentSummary[];
  children: Map<string, DocumentSummary[]>;
  waiting: DocumentSummary[];
  selectable: DocumentSummary[];
}

/**
 * Ready rows as acts: each act with the attachments listed with it; attachments whose act is
 * not listed as ready wait for it (never selectable alone).
 */
export function actFamilies(rows: DocumentSummary[]): ActFamilies {
  const ids = new Set(rows.map((x) => x.id));
  const children = new Map<string, DocumentSummary[]>();
  const waiting: DocumentSummary[] = [];
  for (const d of rows) {
    if (!d.parentId) continue;
    if (ids.has(d.parentId)) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d]);
    else waiting.push(d);
  }
  const tops = rows.filter((d) => !d.parentId);
  return { tops, children, waiting, selectable: tops.flatMap((d) => [d, ...(children.get(d.id) ?? [])]) };
}

/** `Marché 2024/Offres/offre.pdf` → `Marché 2024/Offres` (shown when there is no objet). */
function folderOf(relativePath: string): string {
  return relativePath.split(/[\\/]/).slice(0, -1).join('/');
}

export function ReadyActs({
  family,
  selected,
  onToggle,
  onOpen,
}: {
  family: ActFamilies;
  selected: ReadonlySet<string>;
  onToggle(id: string): void;
  onOpen(id: string): void;
}) {
  return (
    <ul className="doc-list">
      {family.tops.map((d) => {
        const kids = family.children.get(d.id) ?? [];
        return (
          <li key={d.id} className="doc-list__item doc-list__item--queue">
            <input id={`sel-${d.id}`} type="checkbox" checked={selected.has(d.id)} onChange={() => onToggle(d.id)} />
            <label htmlFor={`sel-${d.id}`} className="doc-list__name">
              <span className="sr-only">{t('queue.select', { name: '' })}</span>
              {d.fileName}
              {d.role !== 'act' ? <span className="tag">{t(`role.${d.role}`)}</span> : null}
              {kids.length > 0 ? (
                <span className="muted"> {t('queue.attachments', { count: kids.length })}</span>
              ) : null}
            </label>
            <span className="muted">{d.metadata.objet ?? folderOf(d.relativePath)}</span>
            <span className="muted">{formatActDate(d.metadata.date)}</span>
            {kids.length > 0 ? (
              <ul
                className="doc-list__attachments"
                aria-label={t('queue.attachmentsOf', { count: kids.length, name: d.fileName })}
              >
                {kids.map((k) => (
                  <li key={k.id} className="doc-list__attachment">
                    <span className="tag">{t(`role.${k.role}`)}</span> {k.fileName}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
      {family.waiting.map((d) => (
        <li key={d.id} className="doc-list__item doc-list__item--queue doc-list__item--child">
          <span aria-hidden="true" />
          <span className="doc-list__name">
            {d.fileName}
            <span className="tag">{t(`role.${d.role}`)}</span>
          </span>
          <span className="muted">{t('queue.withAct')}</span>
          <button type="button" className="btn btn--small" onClick={() => onOpen(d.parentId ?? d.id)}>
            {t('queue.complete')}
            <span className="sr-only"> {d.fileName}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
