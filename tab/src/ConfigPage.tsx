/**
 * The channel tab's configuration page (teams-js pages.config): all of the team's pilots, or
 * chosen ones. Saving sets the tab's contentUrl to /tab/?team=<id>&pilots=<all|ids>. In a meeting
 * it offers the Wednesday consultation's form first (the meeting side panel, /tab/sidepanel.html);
 * the pilot its lines go to is chosen in the side panel itself, by a member of the pilot's team.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Checkbox } from '@fluentui/react-checkbox';
import { Field } from '@fluentui/react-field';
import { Link } from '@fluentui/react-link';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';
import { Radio, RadioGroup } from '@fluentui/react-radio';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import type { PilotOverview, TeamSummary } from '../../bot/api/contract';
import { tabConfig } from './teams';
import { meetingConfig as enMeeting } from './locales/sidepanel.en.json';
import { meetingConfig as fiMeeting } from './locales/sidepanel.fi.json';
import { meetingConfig as svMeeting } from './locales/sidepanel.sv.json';
import { tabBase } from './route';
import { CardsSkeleton, FailureMessage, useApp, useShared } from './ui';

const useStyles = makeStyles({
  fieldset: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    margin: `${tokens.spacingVerticalM} 0`,
    display: 'flex',
    flexDirection: 'column',
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
});

/** A short, stable id for a selection: Teams keeps one entityId per tab instance. */
function selectionId(teamId: string, pilots: string[] | null): string {
  const text = `${teamId}|${pilots ? [...pilots].sort().join(',') : 'all'}`;
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
  return `polku-pilots-${h.toString(36)}`;
}

const MEETING_TEXTS = { fi: fiMeeting, sv: svMeeting, en: enMeeting };

/** The meeting side panel's page: the consultation form (SidePanel.tsx). */
export const CONSULTATION_ENTITY_ID = 'polku-consultation';
export function sidePanelContentUrl(): string {
  return `${tabBase()}sidepanel.html`;
}

export function contentUrlOf(teamId: string, pilots: string[] | null): string {
  const q = new URLSearchParams({ team: teamId, pilots: pilots ? pilots.join(',') : 'all' });
  return `${tabBase()}?${q.toString()}`;
}

export function ConfigPage({
  team,
  loading,
  pilots,
  error,
  initial,
  onRetry,
  meeting = false,
}: {
  team: Pick<TeamSummary, 'tenantId' | 'teamId'> | null;
  loading: boolean;
  pilots: PilotOverview[] | null;
  error: unknown;
  /** The pilots the tab shows now, when it is being reconfigured. */
  initial: string[] | null;
  onRetry: () => void;
  /** In a meeting: the consultation form is offered first. */
  meeting?: boolean;
}) {
  const s = useStyles();
  const shared = useShared();
  const { f, host } = useApp();
  const t = f.t.config;
  const m = MEETING_TEXTS[f.locale];
  const [shows, setShows] = useState<'consultation' | 'pilots'>(meeting ? 'consultation' : 'pilots');
  const consultation = meeting && shows === 'consultation';
  const [mode, setMode] = useState<'all' | 'chosen'>(initial ? 'chosen' : 'all');
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initial ?? []));
  const selection = mode === 'all' ? null : (pilots ?? []).filter((p) => chosen.has(p.id)).map((p) => p.id);
  const valid = consultation || (team !== null && (selection === null || selection.length > 0));
  const contentUrl = team ? contentUrlOf(team.teamId, selection) : '';
  // The save handler is registered once; it reads the current choice through this ref.
  const current = useRef({ team, selection, contentUrl, consultation });
  current.current = { team, selection, contentUrl, consultation };

  useEffect(() => {
    if (host.inTeams) tabConfig.setValid(valid);
  }, [host, valid]);
  useEffect(() => {
    if (!host.inTeams) return;
    tabConfig.onSave(async () => {
      const c = current.current;
      if (c.consultation) {
        const url = sidePanelContentUrl();
        return { contentUrl: url, entityId: CONSULTATION_ENTITY_ID, suggestedDisplayName: m.tabName };
      }
      if (!c.team) throw new Error('no team');
      return {
        contentUrl: c.contentUrl,
        entityId: selectionId(c.team.teamId, c.selection),
        suggestedDisplayName: f.t.config.tabName,
      };
    });
  }, [host, f, m]);

  const sorted = useMemo(() => {
    const collator = new Intl.Collator(f.bcp47);
    return [...(pilots ?? [])].sort((a, b) => collator.compare(a.name, b.name));
  }, [pilots, f]);

  return (
    <>
      <h1 className={shared.h1}>{consultation ? m.title : t.title}</h1>
      {meeting && (
        <Field label={m.choice}>
          <RadioGroup
            value={shows}
            onChange={(_, data) => setShows(data.value === 'pilots' ? 'pilots' : 'consultation')}
          >
            <Radio value="consultation" label={m.consultation} />
            <Radio value="pilots" label={m.pilots} />
          </RadioGroup>
        </Field>
      )}
      {consultation ? (
        <>
          <p>{m.intro}</p>
          <p>{m.next}</p>
        </>
      ) : (
        <p>{t.intro}</p>
      )}
      {consultation ? null : error ? (
        <FailureMessage error={error} onRetry={onRetry} />
      ) : loading || pilots === null ? (
        <CardsSkeleton label={f.t.loading} count={1} />
      ) : team === null ? (
        <MessageBar intent="warning" role="alert">
          <MessageBarBody>{t.noTeam}</MessageBarBody>
        </MessageBar>
      ) : (
        <>
          <Field label={t.choice}>
            <RadioGroup value={mode} onChange={(_, data) => setMode(data.value === 'chosen' ? 'chosen' : 'all')}>
              <Radio value="all" label={t.all} />
              <Radio value="chosen" label={t.chosen} />
            </RadioGroup>
          </Field>
          {mode === 'chosen' && (
            <fieldset className={s.fieldset}>
              <legend className={s.legend}>{t.pick}</legend>
              {sorted.map((p) => (
                <Checkbox
                  key={p.id}
                  label={`${p.name} (${p.municipality})`}
                  checked={chosen.has(p.id)}
                  onChange={(_, data) =>
                    setChosen((prev) => {
                      const next = new Set(prev);
                      if (data.checked === true) next.add(p.id);
                      else next.delete(p.id);
                      return next;
                    })
                  }
                />
              ))}
            </fieldset>
          )}
          {!valid && (
            <p role="alert" className={shared.muted}>
              {t.pickAtLeastOne}
            </p>
          )}
          {!host.inTeams && valid && (
            <p>
              {t.outsideTeams} <Link href={contentUrl}>{t.openView}</Link>
            </p>
          )}
        </>
      )}
    </>
  );
}
