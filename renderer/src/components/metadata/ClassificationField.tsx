// The classification code of an act, with the label under the code (from the commune's own
// list, its prefecture's, when it has one; a code outside it is said at once) and a search
// by word or code whose results fill the field.
import { useEffect, useState, type FocusEvent } from 'react';
import { classificationApi } from '../../data/api';
import { useQuery } from '../../data/query';
import { t } from '../../i18n/fr';
import { classificationLabel, isClassificationFormat } from '../../lib/acts';
import { Field } from '../Field';

interface Props {
  uid: string;
  profileId: string | undefined;
  value: string;
  error: string | undefined;
  required: boolean;
  clientOk: boolean;
  onChange(code: string): void;
  onBlur(e: FocusEvent): void;
}

function useDebounced(value: string, ms: number): string {
  const [out, setOut] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setOut(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return out;
}

export function ClassificationField({ uid, profileId, value, error, required, clientOk, onChange, onBlur }: Props) {
  const [classQuery, setClassQuery] = useState('');
  const q = useDebounced(classQuery.trim(), 250);
  const search = useQuery(
    q === '' ? null : ['class-search', q, profileId ?? ''],
    async () =>
      (await classificationApi.search(profileId ? { query: q, profileId } : { query: q })).results.slice(0, 12),
    ['classification'],
  );
  const results = classQuery.trim() === '' ? null : search.error ? [] : (search.data ?? null);

  const typedCode = value.trim();
  const code = useDebounced(typedCode, 200);
  const hint = useQuery(
    profileId && isClassificationFormat(code) ? ['class-hint', code, profileId] : null,
    async () => {
      const r = await classificationApi.search({ query: code, profileId: profileId ?? '' });
      const hit = r.results.find((x) => x.code === code);
      return {
        code,
        text: hit
          ? hit.label
          : r.source === 'prefecture'
            ? t('meta.classOutside')
            : (classificationLabel(code) ?? null),
      };
    },
    ['classification'],
  );
  const label = typedCode && clientOk && hint.data?.code === typedCode && hint.data.text ? hint.data.text : undefined;

  return (
    <>
      <div className="grid2">
        <Field
          id={`${uid}-classification`}
          label={t('field.classification')}
          help={t('help.classification')}
          {...(label ? { hint: label } : {})}
          error={error}
          required={required}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="decimal"
              value={value}
              onChange={(e) => onChange(e.target.value.trim())}
              onBlur={onBlur}
            />
          )}
        </Field>
        <Field id={`${uid}-classq`} label={t('meta.classSearch')} hint={t('meta.classSearchHint')}>
          {(p) => <input {...p} type="search" value={classQuery} onChange={(e) => setClassQuery(e.target.value)} />}
        </Field>
      </div>
      {results !== null ? (
        <div className="class-results" role="region" aria-label={t('meta.classSearch')}>
          {results.length === 0 ? (
            <p className="muted" role="status">
              {t('meta.classNone')}
            </p>
          ) : (
            <ul className="plain-list">
              {results.map((c) => (
                <li key={c.code}>
                  <button
                    type="button"
                    className="btn btn--ghost btn--small"
                    onClick={() => {
                      onChange(c.code);
                      setClassQuery('');
                      document.getElementById(`${uid}-classification`)?.focus();
                    }}
                  >
                    <span className="sr-only">{t('meta.classPick', { code: c.code, label: c.label })}</span>
                    <span aria-hidden="true">
                      <strong>{c.code}</strong> — {c.label}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </>
  );
}
