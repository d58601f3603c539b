// « Ouvrir le dossier des données ». The desktop app opens it in the file manager (main opens
// only a folder the engine names, main/electron/folders.ts). A browser cannot open a folder
// of the computer: the web host shows its path with a copy button instead (decided in
// docs/architecture.md, « Electron parity »).
import { useState } from 'react';
import { desktopHost, settingsApi } from '../../data/api';
import { t } from '../../i18n/fr';
import { errorMessage } from '../../lib/format';
import { CopyPath } from '../CopyPath';

export function DataFolderSection({ dataDir }: { dataDir: string | null }) {
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const [fallbackPath, setFallbackPath] = useState<string | null>(null);
  const open = async () => {
    setSaid(null);
    try {
      const r = await settingsApi.openDataFolder();
      if (r.opened) setSaid({ ok: true, text: t('settings.dataFolderOpened') });
      else setFallbackPath(r.path);
    } catch (e) {
      setSaid({ ok: false, text: errorMessage(e) });
    }
  };
  const shownPath = desktopHost ? fallbackPath : dataDir;
  return (
    <section className="card" aria-labelledby="set-datadir">
      <h2 id="set-datadir">{t('settings.dataFolder')}</h2>
      <p className="muted">{t('settings.dataFolderIntro')}</p>
      {desktopHost ? (
        <button type="button" className="btn" onClick={() => void open()}>
          {t('settings.openDataFolder')}
        </button>
      ) : (
        <p>{t('settings.dataFolderWeb')}</p>
      )}
      {shownPath ? <CopyPath path={shownPath} label={t('settings.dataFolderPath')} /> : null}
      <div role="status" aria-live="polite">
        {said ? <p className={`banner banner--${said.ok ? 'success' : 'danger'}`}>{said.text}</p> : null}
      </div>
    </section>
  );
}
