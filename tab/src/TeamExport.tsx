/**
 * Every pilot of the overview's team as files (GET /api/teams/:tenantId/:teamId/export), in the
 * tab's language: one Excel workbook with the pilots and their sessions, or either as CSV. A
 * failed download says so beside the buttons and leaves the overview as it was.
 */
import { useId, useState } from 'react';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import type { TeamSummary } from '../../bot/api/contract';
import type { TeamExportFormat, TeamExportWhat } from './api';
import type { Locale } from './formats';
import en from './locales/exports.en.json';
import fi from './locales/exports.fi.json';
import sv from './locales/exports.sv.json';
import { DownloadButton, FailureMessage, useApp, useShared } from './ui';

const TEXTS: Record<Locale, typeof fi.team> = { fi: fi.team, sv: sv.team, en: en.team };

const FILES: readonly {
  format: TeamExportFormat;
  what: TeamExportWhat;
  label: 'xlsx' | 'csvPilots' | 'csvSessions';
}[] = [
  // The workbook holds both sheets; `what` names its file only.
  { format: 'xlsx', what: 'pilots', label: 'xlsx' },
  { format: 'csv', what: 'pilots', label: 'csvPilots' },
  { format: 'csv', what: 'sessions', label: 'csvSessions' },
];

const useStyles = makeStyles({
  intro: { margin: `0 0 ${tokens.spacingVerticalS}` },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  failure: { marginTop: tokens.spacingVerticalS },
});

export function TeamExport({ team }: { team: Pick<TeamSummary, 'tenantId' | 'teamId'> }) {
  const s = useStyles();
  const shared = useShared();
  const { f, api } = useApp();
  const t = TEXTS[f.locale];
  const heading = useId();
  const [error, setError] = useState<unknown>(null);
  return (
    <section aria-labelledby={heading} className="no-print">
      <h2 id={heading} className={shared.h2}>
        {t.heading}
      </h2>
      <p className={`${s.intro} ${shared.muted}`}>{t.intro}</p>
      <div role="group" aria-labelledby={heading} className={s.actions}>
        {FILES.map((file) => (
          <DownloadButton
            key={file.label}
            path={api.teamExportPath(team, file.format, file.what, f.locale)}
            fallbackName={`polku-${file.what}.${file.format}`}
            label={t[file.label]}
            onFailed={setError}
          />
        ))}
      </div>
      {error !== null && (
        <div className={s.failure}>
          <FailureMessage
            error={error}
            texts={{ failed: t.failed, badRequest: t.failed, unavailable: t.failed, notFound: t.failed }}
          />
        </div>
      )}
    </section>
  );
}
