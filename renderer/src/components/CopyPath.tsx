// A path shown in full with a « Copier » button: where the desktop app would open a folder,
// the browser (web host) cannot, so the user pastes it into the file explorer instead.
import { useState } from 'react';
import { t } from '../i18n/fr';

export function CopyPath({ path, label }: { path: string; label: string }) {
  const [said, setSaid] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(path);
      setSaid(t('common.copied'));
    } catch {
      setSaid(t('common.copyFailed'));
    }
  };
  return (
    <div className="path-copy">
      <code className="path-copy__path" aria-label={label}>
        {path}
      </code>
      <button type="button" className="btn btn--small" onClick={() => void copy()}>
        {t('common.copy')}
        <span className="sr-only"> {label}</span>
      </button>
      <span role="status" className="muted">
        {said ?? ''}
      </span>
    </div>
  );
}
