// On every screen while the active commune deposits into the demonstration archive: nothing
// is really archived, said plainly, with the way out (« Passer à l’archive réelle » opens
// the commune's archive settings).
import { t } from '../i18n/fr';
import { useActiveProfile } from '../stores/profiles';
import { useUi } from '../stores/ui';
import { WarnIcon } from './icons';

export function DemoBanner() {
  const profile = useActiveProfile();
  const editCommune = useUi((s) => s.editCommune);
  if (!profile || profile.archiveKind !== 'demo') return null;
  return (
    <section className="demo-banner" aria-labelledby="demo-banner-title">
      <p id="demo-banner-title" className="demo-banner__title">
        <WarnIcon /> {t('demo.banner')}
      </p>
      <p className="demo-banner__text">{t('demo.bannerDetail', { name: profile.name })}</p>
      <button type="button" className="btn btn--small" onClick={() => editCommune(profile.id)}>
        {t('demo.switch')}
      </button>
    </section>
  );
}
