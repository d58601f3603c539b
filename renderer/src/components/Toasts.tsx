// Grouped toasts in a polite live region; errors use an assertive alert role.
import { documentsApi } from '../data/api';
import { useQuery } from '../data/query';
import { t } from '../i18n/fr';
import { useNotifications } from '../stores/notifications';
import { useUi } from '../stores/ui';
import { CheckIcon, CrossIcon, DotIcon, WarnIcon } from './icons';

export function Toasts() {
  const toasts = useNotifications((s) => s.toasts);
  const dismiss = useNotifications((s) => s.dismiss);
  return (
    <section className="toasts" aria-label={t('toast.region')}>
      <div role="status" aria-live="polite" aria-atomic="false" className="toasts__list">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast--${toast.level}`}>
            <span className="toast__icon">
              {toast.level === 'success' ? (
                <CheckIcon />
              ) : toast.level === 'error' ? (
                <CrossIcon />
              ) : toast.level === 'warning' ? (
                <WarnIcon />
              ) : (
                <DotIcon />
              )}
            </span>
            <div className="toast__text">
              <p className="toast__title">
                {toast.count > 1 ? t('toast.repeat', { title: toast.title, count: toast.count }) : toast.title}
              </p>
              {toast.body ? (
                <p className={`toast__body${toast.documentIds ? ' toast__body--full' : ''}`}>{toast.body}</p>
              ) : null}
              {toast.documentIds ? <RefusedActs ids={toast.documentIds} onOpen={() => dismiss(toast.id)} /> : null}
            </div>
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => dismiss(toast.id)}
              aria-label={t('toast.dismiss')}
            >
              <CrossIcon />
            </button>
          </div>
        ))}
      </div>
    </section>
  );
}

/** The refused act named, with « Corriger et renvoyer » opening its page (the first of them). */
function RefusedActs({ ids, onOpen }: { ids: string[]; onOpen: () => void }) {
  const openDetail = useUi((s) => s.openDetail);
  const first = ids[0] ?? '';
  const doc = useQuery(['document', first], () => documentsApi.get(first));
  const name = doc.data?.fileName;
  return (
    <div className="toast__acts">
      {name ? (
        <p className="toast__act">
          {ids.length > 1 ? t('toast.refusedMany', { name, count: ids.length - 1 }) : t('toast.refusedOne', { name })}
        </p>
      ) : null}
      <button
        type="button"
        className="btn btn--small btn--primary"
        onClick={() => {
          openDetail(first);
          onOpen();
        }}
      >
        {t('toast.fix')}
        {name ? <span className="sr-only"> — {name}</span> : null}
      </button>
    </div>
  );
}
