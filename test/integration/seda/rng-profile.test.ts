// The archive's SEDA profile (RelaxNG) checked before sending: same verdicts as the reference
// tools (`xmllint --relaxng`, and jing when installed), French messages naming the element.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { buildArchiveTransfer, preflight } from '../../../main/core/seda';
import { checkRngProfile, RngProfileError, validateAgainstProfile } from '../../../main/core/seda/rng';
import { actTransfer } from './fixtures';

const PROFILE_PATH = path.resolve('test/fixtures/seda-profiles/profil-deliberations-2.2.rng');
const PROFILE = readFileSync(PROFILE_PATH, 'utf8');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sceau-rng-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const DELIB = actTransfer(
  { nature: 'DE', number: '2024_045', date: '2024-03-12', objet: 'Vote du budget primitif', classification: '7.1' },
  [
    ['DE_2024_045.pdf', 'act'],
    ['annexe 1.pdf', 'annex'],
  ],
);
const GOOD = buildArchiveTransfer(DELIB, '2.2');

const VARIANTS: Array<[name: string, xml: string, element: string | null]> = [
  ['conforme', GOOD, null],
  ['type de document imposé', GOOD.replace('<DocumentType>Délibérations', '<DocumentType>Arrêtés'), 'DocumentType'],
  ['accord de versement imposé', GOOD.replace('>ACCORD-VERSEMENT-ACTES<', '>AUTRE-ACCORD<'), 'ArchivalAgreement'],
  [
    'numéro d’acte absent',
    GOOD.replace(/\s*<OriginatingAgencyArchiveUnitIdentifier>[^<]*<\/OriginatingAgencyArchiveUnitIdentifier>/, ''),
    'DocumentType',
  ],
  [
    'niveau de description',
    GOOD.replace('<DescriptionLevel>File<', '<DescriptionLevel>RecordGrp<'),
    'DescriptionLevel',
  ],
  ['date mal formée', GOOD.replace('<StartDate>2024-03-12<', '<StartDate>12/03/2024<'), 'StartDate'],
  ['élément en trop', GOOD.replace('<Title>', '<Histoire>x</Histoire><Title>'), 'Histoire'],
];

function xmllintRelaxng(file: string): boolean {
  const r = spawnSync('xmllint', ['--nonet', '--noout', '--relaxng', PROFILE_PATH, file], { encoding: 'utf8' });
  return r.status === 0;
}

describe('profil d’archivage RelaxNG', () => {
  test.each(VARIANTS)('%s : même verdict que xmllint --relaxng, message en français', async (name, xml, element) => {
    const file = path.join(tmp, `${name.replace(/\W+/g, '_')}.xml`);
    writeFileSync(file, xml);
    const reference = xmllintRelaxng(file);
    const ours = await validateAgainstProfile(xml, PROFILE);
    expect(ours.valid).toBe(reference);
    expect(ours.valid).toBe(element === null);
    if (element) {
      expect(ours.issues.map((i) => i.element)).toContain(element);
      const issue = ours.issues.find((i) => i.element === element)!;
      expect(issue.message).toMatch(/^Le bordereau ne respecte pas le profil d’archivage/);
      expect(issue.line).toBeGreaterThan(1);
    }
  });

  test('jing, quand il est installé, donne les mêmes verdicts', async (ctx) => {
    if (spawnSync('jing', [], { encoding: 'utf8' }).error) {
      console.log('jing absent : comparaison faite avec xmllint seulement');
      ctx.skip();
    }
    for (const [name, xml] of VARIANTS) {
      const file = path.join(tmp, `jing_${name.replace(/\W+/g, '_')}.xml`);
      writeFileSync(file, xml);
      const jing = spawnSync('jing', [PROFILE_PATH, file], { encoding: 'utf8' }).status === 0;
      expect((await validateAgainstProfile(xml, PROFILE)).valid, name).toBe(jing);
    }
  });

  test('la valeur imposée est citée et l’élément nommé', async () => {
    const r = await validateAgainstProfile(VARIANTS[1]![1], PROFILE);
    expect(r.issues[0]!.message).toBe(
      'Le bordereau ne respecte pas le profil d’archivage : la valeur de l’élément « DocumentType » n’est pas celle que le profil impose.',
    );
    const extra = await validateAgainstProfile(VARIANTS[6]![1], PROFILE);
    expect(extra.issues[0]!.message).toContain('l’élément « Histoire » n’est pas prévu à cet endroit');
  });

  test('le pré-contrôle du versement bloque un bordereau hors profil et laisse passer un bordereau conforme', async () => {
    const ok = await preflight(DELIB, '2.2', { maxTotalBytes: 150e6, rngProfile: PROFILE });
    expect(ok.filter((i) => i.level === 'error')).toEqual([]);
    const arrete = actTransfer(
      { nature: 'AR', number: '2024_17', date: '2024-02-05', objet: 'Fermeture de la voirie', classification: '6.1' },
      [['AR_2024_17.pdf', 'act']],
    );
    const ko = await preflight(arrete, '2.2', { maxTotalBytes: 150e6, rngProfile: PROFILE });
    const profile = ko.filter((i) => i.field === 'profile');
    expect(profile.length).toBeGreaterThan(0);
    expect(profile[0]!.level).toBe('error');
    expect(profile[0]!.message).toMatch(/« DocumentType ».*\(ligne \d+ du bordereau\)$/);
    expect(profile[0]!.detail).toMatch(/Relax-NG validity error/);
  });

  test('un profil illisible, qui n’est pas du RelaxNG, trop gros ou avec DOCTYPE est refusé en français', async () => {
    const broken = PROFILE.replace('<rng:ref name="open"/></rng:element>', '<rng:ref name="absent"/></rng:element>');
    await expect(checkRngProfile(broken)).rejects.toThrow(/illisible ou incomplet/);
    await expect(checkRngProfile('<ArchiveTransfer/>')).rejects.toBeInstanceOf(RngProfileError);
    await expect(checkRngProfile('<ArchiveTransfer/>')).rejects.toThrow(/n’est pas un profil d’archivage RelaxNG/);
    await expect(
      checkRngProfile(`<!DOCTYPE x [<!ENTITY a "b">]>${PROFILE.replace(/^<\?xml[^>]*>/, '')}`),
    ).rejects.toThrow(/DOCTYPE/);
    await expect(checkRngProfile(PROFILE + ' '.repeat(5 * 1024 * 1024))).rejects.toThrow(/trop volumineux/);
    await expect(checkRngProfile(PROFILE)).resolves.toBeUndefined();
    const viaPreflight = await preflight(DELIB, '2.2', { maxTotalBytes: 150e6, rngProfile: broken });
    expect(viaPreflight.find((i) => i.field === 'profile')?.message).toMatch(/illisible ou incomplet/);
  });
});
