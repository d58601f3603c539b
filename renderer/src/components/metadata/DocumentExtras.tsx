// What the form shows around an act: its preview (image or PDF page count) and the annexes
// and signature files attached to it, with a way to add one « à rattacher ».
import type { DocumentDetail } from '../../../../main/contract/api';
import { t } from '../../i18n/fr';
import { StateBadge } from '../StateBadge';
import { AddAttachment } from './AttachPanel';

export function Preview({ detail }: { detail: DocumentDetail }) {
  const p = detail.preview;
  return (
    <div className="preview" aria-label={t('meta.preview')} role="group">
      {p.kind === 'image' ? (
        <img src={p.dataUrl} alt={t('meta.previewAlt', { name: detail.fileName })} className="preview__img" />
      ) : p.kind === 'pdf' ? (
        <p className="preview__pdf">
          <span aria-hidden="true" className="preview__pdf-icon">
            PDF
          </span>{' '}
          {p.pages === null ? t('meta.previewPdfUnknown') : t('meta.previewPdf', { count: p.pages })}
        </p>
      ) : (
        <p className="muted">{t('meta.previewNone')}</p>
      )}
    </div>
  );
}

export function Attachments({ detail }: { detail: DocumentDetail }) {
  if (detail.role !== 'act') return null;
  return (
    <section className="attachments" aria-label={t('meta.attachments')}>
      <h3>{t('meta.attachments')}</h3>
      {detail.attachments.length === 0 ? (
        <p className="muted">{t('meta.noAttachments')}</p>
      ) : (
        <ul className="plain-list">
          {detail.attachments.map((a) => (
            <li key={a.id}>
              <span className="tag">{t(`role.${a.role}`)}</span> {a.fileName}{' '}
              {a.state === 'ready' && detail.state !== 'ready' ? (
                <span className="muted">{t('attach.waitsForAct')}</span>
              ) : (
                <StateBadge state={a.state} />
              )}
            </li>
          ))}
        </ul>
      )}
      <AddAttachment detail={detail} />
    </section>
  );
}
