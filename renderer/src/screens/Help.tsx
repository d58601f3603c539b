// Aide: what Sceau does, what the demonstration archive is, what each state means, what the
// attestation and the evidence package prove, and the archive words explained — in plain
// French, from the same catalog as the screens (state names are the badges' own).
import { PageTitle } from '../components/PageTitle';
import { StateBadge } from '../components/StateBadge';
import { t, type MessageKey } from '../i18n/fr';
import { DOCUMENT_STATES } from '../lib/acts';

const WORDS: { term: MessageKey; text: MessageKey }[] = [
  { term: 'wizard.transferringAgency', text: 'help.transferringAgency' },
  { term: 'wizard.agreement', text: 'help.agreement' },
  { term: 'wizard.archivalAgency', text: 'help.archivalAgency' },
  { term: 'wizard.seda', text: 'help.seda' },
  { term: 'detail.messageId', text: 'help.messageId' },
  { term: 'detail.fingerprint', text: 'help.fingerprint' },
  { term: 'detail.atr', text: 'help.atrCode' },
  { term: 'field.classification', text: 'help.classification' },
];

export function Help() {
  return (
    <>
      <PageTitle>{t('aide.title')}</PageTitle>
      <section className="card" aria-labelledby="aide-what">
        <h2 id="aide-what">{t('aide.what')}</h2>
        <p>{t('aide.whatText1')}</p>
        <p>{t('aide.whatText2')}</p>
      </section>
      <section className="card" aria-labelledby="aide-demo">
        <h2 id="aide-demo">{t('aide.demo')}</h2>
        <p>{t('aide.demoText')}</p>
      </section>
      <section className="card" aria-labelledby="aide-states">
        <h2 id="aide-states">{t('aide.states')}</h2>
        <dl className="dl dl--states">
          {DOCUMENT_STATES.map((s) => (
            <div key={s} className="dl__row">
              <dt>
                <StateBadge state={s} />
              </dt>
              <dd>{t(`aide.state.${s}`)}</dd>
            </div>
          ))}
        </dl>
        <p>{t('aide.connection')}</p>
        <p>{t('aide.unstamped')}</p>
        <p>{t('aide.activity')}</p>
      </section>
      <section className="card" aria-labelledby="aide-proof">
        <h2 id="aide-proof">{t('aide.proof')}</h2>
        <p>{t('aide.receipt')}</p>
        <p>{t('aide.package')}</p>
      </section>
      <section className="card" aria-labelledby="aide-words">
        <h2 id="aide-words">{t('aide.words')}</h2>
        <dl className="dl">
          {WORDS.map((w) => (
            <div key={w.term} className="dl__row">
              <dt>{t(w.term)}</dt>
              <dd>{t(w.text)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
