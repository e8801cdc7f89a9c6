/**
 * The pilot's Innokylä practice-description draft as a Word or Markdown file, in the tab's
 * language (GET /api/pilots/:id/innokyla): in the pilot page's export section. A failed download
 * says so beside the buttons and leaves the page as it was.
 */
import { useId, useState } from 'react';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import type { DraftFormat } from './api';
import type { Locale } from './formats';
import en from './locales/exports.en.json';
import fi from './locales/exports.fi.json';
import sv from './locales/exports.sv.json';
import { DownloadButton, FailureMessage, useApp, useShared } from './ui';

const TEXTS: Record<Locale, typeof fi.innokyla> = { fi: fi.innokyla, sv: sv.innokyla, en: en.innokyla };

const FORMATS: readonly DraftFormat[] = ['docx', 'md'];

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalL,
  },
  intro: { margin: '0' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export function InnokylaDraftButtons({ id }: { id: string }) {
  const s = useStyles();
  const shared = useShared();
  const { f, api } = useApp();
  const t = TEXTS[f.locale];
  const heading = useId();
  const [error, setError] = useState<unknown>(null);
  return (
    <div className={`${s.root} no-print`}>
      <h3 id={heading} className={shared.h3}>
        {t.heading}
      </h3>
      <p className={`${s.intro} ${shared.muted}`}>{t.intro}</p>
      <div role="group" aria-labelledby={heading} className={s.actions}>
        {FORMATS.map((format) => (
          <DownloadButton
            key={format}
            path={api.innokylaPath(id, format, f.locale)}
            fallbackName={`${id}.${format}`}
            label={t[format]}
            onFailed={setError}
          />
        ))}
      </div>
      {error !== null && (
        <FailureMessage error={error} texts={{ failed: t.failed, badRequest: t.failed, unavailable: t.failed }} />
      )}
    </div>
  );
}
