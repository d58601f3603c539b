// Grouped toasts in a polite live region; errors use an assertive alert role.
import { t } from '../i18n/fr';
import { useNotifications } from '../stores/notifications';
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
              {toast.body ? <p className="toast__body">{toast.body}</p> : null}
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
