// One message catalogue: every state and journal entry the engine sends is shown through the
// renderer's French catalog, so an internal English name (« detected ») cannot reach the
// user. The Playwright journey « au quotidien » checks the rendered pages too.
import { describe, expect, it } from 'vitest';
import { DOCUMENT_STATES } from '../../../main/contract/types';
import { fr, t } from '../../../renderer/src/i18n/fr';
import { INTERNAL_WORDS, stateName, timelineLabel } from '../../../renderer/src/lib/messages';

const internal = new RegExp(`\\b(${INTERNAL_WORDS.join('|')})\\b`);

/** The words of a message, its {placeholders} left out. */
function texts(entry: string | { one: string; other: string }): string[] {
  return (typeof entry === 'string' ? [entry] : [entry.one, entry.other]).map((x) => x.replace(/\{\w+\}/g, ''));
}

describe('message catalogue', () => {
  it('names every state in French', () => {
    for (const s of DOCUMENT_STATES) {
      expect(stateName(s)).not.toMatch(internal);
      expect(stateName(s)).not.toBe(`state.${s}`);
    }
  });

  it('never says an internal word in any message', () => {
    const leaks = Object.entries(fr).filter(([, v]) => texts(v).some((x) => internal.test(x)));
    expect(leaks).toEqual([]);
  });

  it('turns every journal entry into French, even one the engine labels with its raw type', () => {
    for (const type of ['detected', 'moved', 'metadata', 'seal', 'sealed', 'state', 'something-new']) {
      const label = timelineLabel({ type, label: type });
      expect(label).not.toMatch(internal);
      expect(label).not.toBe(type);
    }
    expect(timelineLabel({ type: 'detected', label: 'detected' })).toBe('Fichier détecté');
    // A state change keeps the engine's own French label, or the state's name when it sent a raw word.
    expect(timelineLabel({ type: 'state', label: 'Refusé par l’archive', state: 'rejected' })).toBe(
      'Refusé par l’archive',
    );
    expect(timelineLabel({ type: 'state', label: 'rejected', state: 'rejected' })).toBe(t('state.rejected'));
  });

  it('uses the typographic apostrophe in every message', () => {
    const straight = Object.entries(fr).filter(([, v]) => texts(v).some((x) => /\w'\w/.test(x)));
    expect(straight).toEqual([]);
  });
});

describe('engine text shown in French', () => {
  it('puts the typographic apostrophe in archive and engine texts', async () => {
    const { frenchText } = await import('../../../renderer/src/lib/messages');
    expect(frenchText("n'est pas couverte par l'accord de versement")).toBe(
      'n’est pas couverte par l’accord de versement',
    );
    expect(frenchText('code 000')).toBe('code 000');
  });

  it('says « Il manque », not « Motif : À compléter : … »', async () => {
    const { reasonLine } = await import('../../../renderer/src/lib/messages');
    expect(reasonLine('needs_metadata', 'À compléter : numéro, date')).toEqual({
      label: 'Il manque',
      text: 'numéro, date',
    });
    expect(reasonLine('rejected', "Refus de l'archive").label).toBe('Motif');
  });

  it('an annex without its act says « À rattacher », not « Il manque : À rattacher : … »', async () => {
    const { reasonLine } = await import('../../../renderer/src/lib/messages');
    const { LOOSE_ATTACHMENT_REASON } = await import('../../../main/contract/acts/completeness');
    expect(reasonLine('needs_metadata', LOOSE_ATTACHMENT_REASON)).toEqual({
      label: 'À rattacher',
      text: 'ce fichier accompagne un acte ; rattachez-le à son acte pour qu’il soit versé avec lui.',
    });
  });
});
