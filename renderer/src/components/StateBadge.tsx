// A document state shown with colour, icon AND words (never colour alone).
import type { DocumentState } from '../../../main/contract/api';
import { t } from '../i18n/fr';
import { STATE_TONE, StateIcon } from './icons';

export function stateLabel(state: DocumentState): string {
  return t(`state.${state}`);
}

export function StateBadge({ state }: { state: DocumentState }) {
  return (
    <span className={`badge badge--${STATE_TONE[state]}`}>
      <StateIcon state={state} />
      <span>{stateLabel(state)}</span>
    </span>
  );
}
