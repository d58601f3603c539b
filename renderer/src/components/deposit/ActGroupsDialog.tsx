// « Un acte, un formulaire »: before a drop is sealed, the files of each act are shown
// together (the act, its annexes, its signature files) as guessed from their names. The
// user confirms, or changes a file's act (« Va avec »), or makes it an act of its own.
// Annexes and signatures the guess could not place are listed « à rattacher ». The modal
// frame is ConfirmDialog's.
import { useId } from 'react';
import { t } from '../../i18n/fr';
import { actsOf, attachmentsOf, isAct, looseOf, moveFile, type GroupPlan } from '../../lib/act-groups';
import { ConfirmDialog } from '../ConfirmDialog';

interface Props {
  plan: GroupPlan | null;
  onChange(plan: GroupPlan): void;
  onConfirm(plan: GroupPlan): void;
  onCancel(): void;
}

export function ActGroupsDialog({ plan, onChange, onConfirm, onCancel }: Props) {
  const acts = plan ? actsOf(plan) : [];
  const loose = plan ? looseOf(plan) : [];
  return (
    <ConfirmDialog
      open={plan !== null}
      title={t('group.title')}
      message={t('group.intro')}
      confirmLabel={t('group.confirm')}
      className="dialog--form dialog--groups"
      onConfirm={() => plan && onConfirm(plan)}
      onCancel={onCancel}
    >
      {plan ? (
        <>
          <ul className="act-groups" aria-label={t('group.acts', { count: acts.length })}>
            {acts.map((a) => {
              const files = attachmentsOf(plan, a);
              return (
                <li key={a} className="act-group" aria-label={t('group.actOf', { name: plan.names[a] ?? '' })}>
                  <FileRow plan={plan} i={a} onChange={onChange} />
                  <p className="muted act-group__count">
                    {files.length === 0 ? t('group.none') : t('group.count', { count: files.length })}
                  </p>
                  {files.length > 0 ? (
                    <ul className="act-group__files">
                      {files.map((k) => (
                        <li key={k}>
                          <FileRow plan={plan} i={k} onChange={onChange} />
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {loose.length > 0 ? (
            <section className="act-groups__loose" aria-labelledby="group-loose-title">
              <h3 id="group-loose-title">{t('group.loose')}</h3>
              <p className="muted">{t('group.looseHint')}</p>
              <ul className="act-group__files">
                {loose.map((k) => (
                  <li key={k}>
                    <FileRow plan={plan} i={k} onChange={onChange} />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
    </ConfirmDialog>
  );
}

/** A file, its role, and where it goes (« Va avec »: its own act, or another act of the drop). */
function FileRow({ plan, i, onChange }: { plan: GroupPlan; i: number; onChange(plan: GroupPlan): void }) {
  const uid = useId();
  const name = plan.names[i] ?? '';
  const own = isAct(plan, i);
  const loose = !own && plan.parent[i] === null;
  const value = own ? 'own' : loose ? 'loose' : String(plan.parent[i]);
  const targets = actsOf(plan).filter((a) => a !== i);
  return (
    <div className="act-group__file">
      <span className="act-group__name">
        <span className="tag">{t(`role.${plan.role[i] ?? 'act'}`)}</span> {own ? <strong>{name}</strong> : name}
      </span>
      <label htmlFor={`${uid}-to`} className="act-group__label">
        {t('group.goesWith')}
        <span className="sr-only"> « {name} »</span>
      </label>
      <select
        id={`${uid}-to`}
        value={value}
        onChange={(e) => {
          const v = e.target.value;
          if (v === 'own') onChange(moveFile(plan, i, null));
          else if (v !== 'loose') onChange(moveFile(plan, i, Number(v)));
        }}
      >
        <option value="own">{t('group.own')}</option>
        {loose ? <option value="loose">{t('group.later')}</option> : null}
        {targets.map((a) => (
          <option key={a} value={String(a)}>
            {t('group.withAct', { name: plan.names[a] ?? '' })}
          </option>
        ))}
      </select>
    </div>
  );
}
