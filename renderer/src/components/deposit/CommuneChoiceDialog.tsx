// Asked when a drop's file names do not say which commune they belong to and several
// communes exist: the commune is named, preselected (the one shown, or the one the paths
// name), and can be changed before anything is sealed.
import { useEffect, useId, useRef, useState } from 'react';
import type { ProfileView } from '../../../../main/contract/api';
import { t } from '../../i18n/fr';

interface Props {
  open: boolean;
  count: number;
  communes: ProfileView[];
  preselect: string;
  onConfirm(profileId: string): void;
  onCancel(): void;
}

export function CommuneChoiceDialog({ open, count, communes, preselect, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const uid = useId();
  const [chosen, setChosen] = useState(preselect);
  useEffect(() => setChosen(preselect), [preselect, open]);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${uid}-title`}
      aria-describedby={`${uid}-message`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${uid}-title`}>{t('deposit.whichCommune')}</h2>
      <p id={`${uid}-message`}>{t('deposit.whichCommuneText', { count })}</p>
      <div className="field">
        <label htmlFor={`${uid}-commune`} className="field__label">
          {t('profile.switcher')}
        </label>
        <select id={`${uid}-commune`} value={chosen} onChange={(e) => setChosen(e.target.value)} autoFocus>
          {communes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn--primary" onClick={() => onConfirm(chosen)}>
          {t('deposit.dropHere', { name: communes.find((c) => c.id === chosen)?.name ?? '' })}
        </button>
      </div>
    </dialog>
  );
}
