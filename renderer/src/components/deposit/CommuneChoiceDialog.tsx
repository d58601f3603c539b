// Asked when a drop's file names do not say which commune they belong to and several
// communes exist: the commune is named, preselected (the one shown, or the one the paths
// name), and can be changed before anything is sealed. The modal frame is ConfirmDialog's.
import { useEffect, useId, useState } from 'react';
import type { ProfileView } from '../../../../main/contract/api';
import { t } from '../../i18n/fr';
import { ConfirmDialog } from '../ConfirmDialog';

interface Props {
  open: boolean;
  count: number;
  communes: ProfileView[];
  preselect: string;
  onConfirm(profileId: string): void;
  onCancel(): void;
}

export function CommuneChoiceDialog({ open, count, communes, preselect, onConfirm, onCancel }: Props) {
  const uid = useId();
  const [chosen, setChosen] = useState(preselect);
  useEffect(() => setChosen(preselect), [preselect, open]);
  return (
    <ConfirmDialog
      open={open}
      title={t('deposit.whichCommune')}
      message={t('deposit.whichCommuneText', { count })}
      confirmLabel={t('deposit.dropHere', { name: communes.find((c) => c.id === chosen)?.name ?? '' })}
      onConfirm={() => onConfirm(chosen)}
      onCancel={onCancel}
    >
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
    </ConfirmDialog>
  );
}
