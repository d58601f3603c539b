// Management metadata per profile: what the archivists set (appraisal rule, access rule,
// ServiceLevel, agency names, where rules go, title convention, producer of individual acts)
// ends up in the bordereau, which stays valid against the SEDA XSDs (the real xmllint).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { profileInputSchema } from '../../../main/contract/api';
import { archiveOptions, foldArchiveOptions } from '../../../main/core/app/profile-options';
import { policyFromObject } from '../../../main/core/policy';
import { buildArchiveTransfer } from '../../../main/core/seda/builder';
import { applyManagement } from '../../../main/core/seda/management';
import { child, childText, descendants, parseXml } from '../../../main/core/seda/xml';
import { openDatabase } from '../../../main/core/store/db';
import { ProfileRepository, type ProfileInput } from '../../../main/core/store/profiles';
import { actTransfer } from './fixtures';
import { xmllintValidate } from './xmllint';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sceau-management-'));

const MANAGEMENT = {
  appraisal: { rule: 'APP-00002', startDate: 'act', finalAction: 'Destroy' },
  accessRule: 'AR062',
  serviceLevel: 'standard',
  agencyNames: {
    archival: 'Service régional d’archivage électronique',
    transferring: 'Mairie d’Exemple',
    originating: 'Mairie d’Exemple — secrétariat',
  },
  titleTemplate: 'Actes soumis au contrôle de légalité : {objet}',
  personalDataOriginatingAgencyId: 'FRDEMO_MAIRIE_RH',
} as const;

/** A profile as the CLI / the settings create it: contract input → store. */
function storedProfile(extra: Record<string, unknown>, policy = policyFromObject({}, [])) {
  const db = openDatabase(path.join(dir, `p-${Math.random().toString(36).slice(2)}.db`));
  const parsed = profileInputSchema.parse({
    name: 'Mairie d’Exemple',
    siren: '213502388',
    archiveKind: 'vitam',
    ...extra,
  });
  const input = foldArchiveOptions(
    { ...parsed, endpoints: [], vitamTenant: null, vitamContext: null } as ProfileInput,
    policy,
  );
  return new ProfileRepository(db).create(input);
}

const act = (nature: 'DE' | 'AI' = 'DE') =>
  actTransfer(
    { nature, number: '2024_031', date: '2024-03-14', objet: 'Vote du budget primitif', classification: '7.1' },
    [
      ['deliberation.pdf', 'act'],
      ['annexe.pdf', 'annex'],
    ],
  );

function xmlValid(xml: string, version: '2.1' | '2.2'): boolean {
  const f = path.join(dir, `b-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(f, xml);
  return xmllintValidate([f], version).get(f) === true;
}

describe('management metadata per profile', () => {
  test.each(['2.1', '2.2'] as const)('rules, ServiceLevel, names and title appear; XSD-valid (SEDA %s)', (v) => {
    const profile = storedProfile({ management: MANAGEMENT, vitamAccessContract: 'CONTRAT-ACCES-MAIRIES' });
    expect(archiveOptions(profile)).toMatchObject({
      vitamAccessContract: 'CONTRAT-ACCES-MAIRIES',
      management: MANAGEMENT,
    });
    const xml = buildArchiveTransfer(applyManagement(act(), archiveOptions(profile).management), v);
    expect(xmlValid(xml, v)).toBe(true);
    const root = parseXml(xml);
    const mm = child(child(root, 'DataObjectPackage'), 'ManagementMetadata');
    expect(childText(mm, 'ServiceLevel')).toBe('standard');
    expect(childText(child(mm, 'AppraisalRule'), 'Rule')).toBe('APP-00002');
    expect(childText(child(mm, 'AppraisalRule'), 'StartDate')).toBe('2024-03-14');
    expect(childText(child(mm, 'AppraisalRule'), 'FinalAction')).toBe('Destroy');
    expect(childText(child(mm, 'AccessRule'), 'Rule')).toBe('AR062');
    expect(descendants(root, 'Title')[0]?.text).toBe('Actes soumis au contrôle de légalité : Vote du budget primitif');
    const names = descendants(root, 'Name').map((n) => n.text);
    expect(names).toEqual(expect.arrayContaining(Object.values(MANAGEMENT.agencyNames)));
    // A deliberation keeps the usual producer.
    expect(childText(mm, 'OriginatingAgencyIdentifier')).toBe('FRAD035_COMMUNE_EXEMPLE');
  });

  test('rules on the root unit (as as@lae shows them) and the personal-data producer for individual acts', () => {
    const profile = storedProfile({ management: { ...MANAGEMENT, rulesPlacement: 'root-unit' } });
    const xml = buildArchiveTransfer(applyManagement(act('AI'), archiveOptions(profile).management), '2.1');
    expect(xmlValid(xml, '2.1')).toBe(true);
    const root = parseXml(xml);
    const pkg = child(root, 'DataObjectPackage');
    const mm = child(pkg, 'ManagementMetadata');
    expect(child(mm, 'AppraisalRule')).toBeUndefined();
    const rootUnit = child(child(pkg, 'DescriptiveMetadata'), 'ArchiveUnit');
    const mgmt = child(rootUnit, 'Management');
    expect(childText(child(mgmt, 'AppraisalRule'), 'Rule')).toBe('APP-00002');
    expect(childText(child(mgmt, 'AccessRule'), 'Rule')).toBe('AR062');
    expect(childText(mm, 'OriginatingAgencyIdentifier')).toBe('FRDEMO_MAIRIE_RH');
  });

  test('rules per nature of act win over the profile’s', () => {
    const profile = storedProfile({
      management: { accessRule: 'AR038', byNature: { AI: { accessRule: 'AR048', appraisal: { rule: 'APP-00003' } } } },
    });
    const m = archiveOptions(profile).management;
    const ai = parseXml(buildArchiveTransfer(applyManagement(act('AI'), m), '2.1'));
    const de = parseXml(buildArchiveTransfer(applyManagement(act('DE'), m), '2.1'));
    const rules = (root: ReturnType<typeof parseXml>) => {
      const mm = child(child(root, 'DataObjectPackage'), 'ManagementMetadata');
      return [childText(child(mm, 'AccessRule'), 'Rule'), childText(child(mm, 'AppraisalRule'), 'Rule')];
    };
    expect(rules(ai)).toEqual(['AR048', 'APP-00003']);
    expect(rules(de)).toEqual(['AR038', undefined]);
  });

  test('no management settings: the bordereau is exactly what it was', () => {
    const profile = storedProfile({});
    const input = act();
    expect(buildArchiveTransfer(applyManagement(input, archiveOptions(profile).management), '2.1')).toBe(
      buildArchiveTransfer(input, '2.1'),
    );
  });

  test('the admin policy imposes the access contract and the rules; a profile cannot change them', () => {
    const policy = policyFromObject(
      { archiveProfile: { vitamAccessContract: 'CONTRAT-IMPOSE', management: { accessRule: 'AR048' } } },
      ['test'],
    );
    const profile = storedProfile({}, policy);
    expect(archiveOptions(profile, policy)).toMatchObject({
      vitamAccessContract: 'CONTRAT-IMPOSE',
      management: { accessRule: 'AR048' },
    });
    expect(() => storedProfile({ vitamAccessContract: 'AUTRE' }, policy)).toThrow(/verrouillé/);
    expect(() => storedProfile({ management: { accessRule: 'AR038' } }, policy)).toThrow(/verrouillé/);
    expect(() =>
      profileInputSchema.parse({
        name: 'x',
        siren: '213502388',
        archiveKind: 'vitam',
        management: { titleTemplate: 'Sans objet' },
      }),
    ).toThrow();
  });
});
