import { stmt } from './statements';
import type { Db } from './db';
import type { ArchiveKind, SedaVersion } from '../../contract/types';
import { nowIso, parseJson, uuidv7 } from './ids';

export interface Endpoint {
  url: string;
  label: string;
}
export interface TlsSettings {
  caPem?: string;
  spkiPins?: string[];
}

export interface Profile {
  id: string;
  name: string;
  siren: string;
  archiveKind: ArchiveKind;
  endpoints: Endpoint[];
  sedaVersion: SedaVersion;
  archivalAgencyId: string;
  transferringAgencyId: string;
  originatingAgencyId: string;
  submissionAgencyId: string;
  archivalAgreement: string;
  archivalProfile: string;
  vitamTenant: number | null;
  vitamContext: string | null;
  /** User name only; the password lives in the OS keychain. */
  login: string | null;
  tls: TlsSettings;
  /** User filename rules (shape owned by main/core/acts). */
  rules: unknown[];
  options: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export type ProfileInput = Partial<Omit<Profile, 'createdAt' | 'updatedAt'>> & Pick<Profile, 'name' | 'archiveKind'>;

interface ProfileRow {
  id: string;
  name: string;
  siren: string;
  archive_kind: ArchiveKind;
  endpoints: string;
  seda_version: SedaVersion;
  archival_agency_id: string;
  transferring_agency_id: string;
  originating_agency_id: string;
  submission_agency_id: string;
  archival_agreement: string;
  archival_profile: string;
  vitam_tenant: number | null;
  vitam_context: string | null;
  login: string | null;
  tls: string;
  rules: string;
  options: string;
  created_at: string;
  updated_at: string;
}

function fromRow(r: ProfileRow): Profile {
  return {
    id: r.id,
    name: r.name,
    siren: r.siren,
    archiveKind: r.archive_kind,
    endpoints: parseJson<Endpoint[]>(r.endpoints, []),
    sedaVersion: r.seda_version,
    archivalAgencyId: r.archival_agency_id,
    transferringAgencyId: r.transferring_agency_id,
    originatingAgencyId: r.originating_agency_id,
    submissionAgencyId: r.submission_agency_id,
    archivalAgreement: r.archival_agreement,
    archivalProfile: r.archival_profile,
    vitamTenant: r.vitam_tenant,
    vitamContext: r.vitam_context,
    login: r.login,
    tls: parseJson<TlsSettings>(r.tls, {}),
    rules: parseJson<unknown[]>(r.rules, []),
    options: parseJson<Record<string, unknown>>(r.options, {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRow(p: Profile): ProfileRow {
  return {
    id: p.id,
    name: p.name,
    siren: p.siren,
    archive_kind: p.archiveKind,
    endpoints: JSON.stringify(p.endpoints),
    seda_version: p.sedaVersion,
    archival_agency_id: p.archivalAgencyId,
    transferring_agency_id: p.transferringAgencyId,
    originating_agency_id: p.originatingAgencyId,
    submission_agency_id: p.submissionAgencyId,
    archival_agreement: p.archivalAgreement,
    archival_profile: p.archivalProfile,
    vitam_tenant: p.vitamTenant,
    vitam_context: p.vitamContext,
    login: p.login,
    tls: JSON.stringify(p.tls),
    rules: JSON.stringify(p.rules),
    options: JSON.stringify(p.options),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

const COLUMNS = Object.keys(toRow({} as Profile));

/** A full profile from an input: what is not given takes its default (also used for drafts). */
export function profileFromInput(input: ProfileInput, at: string): Profile {
  return {
    id: input.id ?? uuidv7(),
    name: input.name,
    siren: input.siren ?? '',
    archiveKind: input.archiveKind,
    endpoints: input.endpoints ?? [],
    sedaVersion: input.sedaVersion ?? '2.1',
    archivalAgencyId: input.archivalAgencyId ?? '',
    transferringAgencyId: input.transferringAgencyId ?? '',
    originatingAgencyId: input.originatingAgencyId ?? '',
    submissionAgencyId: input.submissionAgencyId ?? '',
    archivalAgreement: input.archivalAgreement ?? '',
    archivalProfile: input.archivalProfile ?? '',
    vitamTenant: input.vitamTenant ?? null,
    vitamContext: input.vitamContext ?? null,
    login: input.login ?? null,
    tls: input.tls ?? {},
    rules: input.rules ?? [],
    options: input.options ?? {},
    createdAt: at,
    updatedAt: at,
  };
}

export class ProfileRepository {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  create(input: ProfileInput): Profile {
    const p = profileFromInput(input, nowIso());
    stmt(this.db, `INSERT INTO profiles (${COLUMNS.join(',')}) VALUES (${COLUMNS.map((c) => '@' + c).join(',')})`).run(
      toRow(p),
    );
    return p;
  }

  get(id: string): Profile | null {
    const r = stmt(this.db, 'SELECT * FROM profiles WHERE id = ?').get(id) as ProfileRow | undefined;
    return r ? fromRow(r) : null;
  }

  list(): Profile[] {
    return (stmt(this.db, 'SELECT * FROM profiles ORDER BY name').all() as ProfileRow[]).map(fromRow);
  }

  update(id: string, patch: Partial<Omit<Profile, 'id' | 'createdAt' | 'updatedAt'>>): Profile {
    const current = this.get(id);
    if (!current) throw new Error(`Profil introuvable : ${id}`);
    const next: Profile = { ...current, ...patch, id, updatedAt: nowIso() };
    const cols = COLUMNS.filter((c) => c !== 'id' && c !== 'created_at');
    stmt(this.db, `UPDATE profiles SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(toRow(next));
    return next;
  }

  delete(id: string): void {
    stmt(this.db, 'DELETE FROM profiles WHERE id = ?').run(id);
  }
}
