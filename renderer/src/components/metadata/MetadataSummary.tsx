// An act's information, read-only (once versé, or ignored): nature, number, date, objet,
// classification with its label — the act's page always shows them.
import type { DocumentDetail } from '../../../../main/contract/api';
import { t } from '../../i18n/fr';
import { classificationLabel, natureLabel } from '../../lib/acts';
import { formatActDate } from '../../lib/format';

export function MetadataSummary({ detail }: { detail: DocumentDetail }) {
  const m = detail.metadata;
  const none = t('common.none');
  return (
    <section className="card" aria-labelledby="d-meta-summary">
      <h2 id="d-meta-summary">{t('meta.title')}</h2>
      <dl className="dl">
        <dt>{t('field.nature')}</dt>
        <dd>{m.nature ? `${natureLabel(m.nature)} (${m.nature})` : none}</dd>
        <dt>{t('field.number')}</dt>
        <dd>{m.number ?? none}</dd>
        <dt>{t('field.date')}</dt>
        <dd>{m.date ? formatActDate(m.date) : none}</dd>
        <dt>{t('field.objet')}</dt>
        <dd>{m.objet ?? none}</dd>
        <dt>{t('field.classification')}</dt>
        <dd>
          {m.classification
            ? `${m.classification}${classificationLabel(m.classification) ? ` — ${classificationLabel(m.classification) ?? ''}` : ''}`
            : none}
        </dd>
      </dl>
    </section>
  );
}
