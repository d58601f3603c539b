// The classification of an act: ONE field that takes a code (« 7.1 ») or words (« cantine »,
// « voirie ») — words list the matching codes below, one click fills the field. The label of
// a typed code shows under it (from the commune's own list, its prefecture's, when it has
// one; a code outside it is said at once). Codes suggested by the act's objet and file name
// (the engine's everyday words: « cantine » → 8.1) are offered above, one click each.
import { useEffect, useRef, useState, type FocusEvent } from 'react';
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
  /** What the suggestions are read from: the act's objet and file name. */
  suggestFrom: string;
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

/** Typed text that looks for a code by words or by a code's start (« 7. »), not a code itself. */
function searchText(text: string): string {
  const s = text.trim();
  return s.length >= 2 && !isClassificationFormat(s) ? s : '';
}

export function ClassificationField({
  uid,
  profileId,
  value,
  error,
  required,
  clientOk,
  suggestFrom,
  onChange,
  onBlur,
}: Props) {
  const fieldId = `${uid}-classification`;
  // The suggestions and results below the field: leaving the field for one of them is not
  // leaving the field (a message shown on that blur would move the button from under the
  // pointer between mousedown and mouseup, and the click would be lost).
  const picks = useRef<HTMLDivElement>(null);
  // What is in the box (words keep their spaces); the draft gets it trimmed.
  const [text, setText] = useState(value);
  useEffect(() => {
    setText((current) => (current.trim() === value ? current : value));
  }, [value]);

  const q = useDebounced(searchText(text), 250);
  const search = useQuery(
    q === '' ? null : ['class-search', q, profileId ?? ''],
    async () =>
      (await classificationApi.search(profileId ? { query: q, profileId } : { query: q })).results.slice(0, 12),
    ['classification'],
  );
  const results = searchText(text) === '' ? null : search.error ? [] : (search.data ?? null);

  const from = useDebounced(suggestFrom.trim().slice(0, 1200), 400);
  const suggest = useQuery(
    from === '' ? null : ['class-suggest', from, profileId ?? ''],
    async () => (await classificationApi.suggest(profileId ? { text: from, profileId } : { text: from })).results,
    ['classification'],
  );
  const suggestions = (suggest.data ?? []).filter((s) => s.code !== value.trim());

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

  const pick = (picked: string) => {
    setText(picked);
    onChange(picked);
    document.getElementById(fieldId)?.focus();
  };

  return (
    <>
      <Field
        id={fieldId}
        label={t('field.classification')}
        help={t('help.classification')}
        hint={label ?? t('meta.classHint')}
        error={error && searchText(text) ? t('meta.classChoose') : error}
        required={required}
      >
        {(p) => (
          <input
            {...p}
            type="text"
            autoComplete="off"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              onChange(e.target.value.trim());
            }}
            onBlur={(e) => {
              if (e.relatedTarget instanceof Node && picks.current?.contains(e.relatedTarget)) return;
              onBlur(e);
            }}
          />
        )}
      </Field>
      <div ref={picks}>
        {suggestions.length > 0 ? (
          <div className="class-suggest" role="group" aria-labelledby={`${uid}-class-suggest`}>
            <p id={`${uid}-class-suggest`} className="muted class-suggest__title">
              {t('meta.classSuggestions')}
            </p>
            <ul className="plain-list class-suggest__list">
              {suggestions.map((s) => (
                <li key={s.code}>
                  <button type="button" className="btn btn--small" onClick={() => pick(s.code)}>
                    <span className="sr-only">{t('meta.classUseSuggestion')} </span>
                    <strong>{s.code}</strong> — {s.label}
                    <span className="muted">
                      {' '}
                      {t('meta.classBecause', { words: s.because.map((w) => `« ${w} »`).join(', ') })}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {results === null ? null : (
          <div className="class-results" role="region" aria-label={t('meta.classResults')}>
            {results.length === 0 ? (
              <p className="muted" role="status">
                {t('meta.classNone')}
              </p>
            ) : (
              <ul className="plain-list">
                {results.map((c) => (
                  <li key={c.code}>
                    <button type="button" className="btn btn--ghost btn--small" onClick={() => pick(c.code)}>
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
        )}
      </div>
    </>
  );
}
