/**
 * The tab: finds out where it runs, then shows the configuration page or the overview, a pilot
 * or a pilot's printable report, in the Teams theme and language.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  Button,
  FluentProvider,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  teamsHighContrastTheme,
  type Theme,
  tokens,
  useFocusFinders,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import type { MeResponse } from '../../bot/api/contract';
import { type Loaded, loadPilots } from './data';
import { Api } from './api';
import { ConfigPage } from './ConfigPage';
import type { PilotDeleted } from './DeletePilot';
import { tabConfig, type ThemeName, useHost } from './host';
import { format, Formats, tabLocale, tabStrings } from './i18n';
import { type Filters, NO_FILTERS } from './model';
import { MyData } from './MyData';
import { Overview } from './Overview';
import { PilotPage } from './PilotPage';
import { PrintReport } from './PrintReport';
import { hrefOf, type PageParams, sidePanelUrl, useRoute } from './route';
import { AppContext, CardsSkeleton, FailureMessage, PageHeading, useApp, useShared } from './ui';
import { useData } from './useData';

const THEMES: Record<ThemeName, Theme> = {
  default: webLightTheme,
  dark: webDarkTheme,
  contrast: teamsHighContrastTheme,
};

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  header: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalM,
  },
  brand: {
    margin: '0',
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    letterSpacing: '0.04em',
    textTransform: 'uppercase',
  },
  notice: { marginBottom: tokens.spacingVerticalM },
});

/** The caller and the pilots to show, through the one data hook. */
function useLoaded(params: PageParams, forConfig: boolean, early?: Promise<Loaded>) {
  const { api, host } = useApp();
  // The first load may have started before React (outside Teams); a retry loads afresh.
  const load = useCallback(
    (attempt: number) => (attempt === 0 && early ? early : loadPilots(api, host, params, forConfig)),
    [api, host, params, forConfig, early],
  );
  return useData(load);
}

/** Tells Teams the tab is ready (its loading indicator goes) once there is something to show. */
function useNotifyReady(ready: boolean) {
  const { host } = useApp();
  useEffect(() => {
    if (ready && host.inTeams) host.notifySuccess();
  }, [ready, host]);
}

function PreviewBanner({ me }: { me: MeResponse | null }) {
  const { f } = useApp();
  if (!me?.preview) return null;
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>{f.t.previewBanner}</MessageBarBody>
    </MessageBar>
  );
}

function Frame({ me, children }: { me: MeResponse | null; children: ReactNode }) {
  // Holds Fluent's focus manager (tabster) for the page's lifetime. Otherwise the last dialog to
  // unmount (a pilot's page left after its deletion) disposes it before it takes its aria-hidden
  // off the rest of the page, and the whole tab stays hidden from screen readers (tabster #530).
  useFocusFinders();
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  return (
    <div className={shared.page}>
      <header className={`${s.header} no-print`}>
        <p className={s.brand}>{f.t.appName}</p>
        <PreviewBanner me={me} />
      </header>
      <main id="main">{children}</main>
    </div>
  );
}

function TabContent({ params, early }: { params: PageParams; early?: Promise<Loaded> }) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t;
  const route = useRoute();
  const { state, retry } = useLoaded(params, false, early);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // A pilot just deleted on its page: said on the overview, until the user moves on.
  const [deleted, setDeleted] = useState<PilotDeleted | null>(null);
  useEffect(() => {
    if (route.name !== 'overview') setDeleted(null);
  }, [route.name]);
  const onDeleted = useCallback(
    (d: PilotDeleted) => {
      setDeleted(d);
      location.hash = hrefOf({ name: 'overview', view: 'cards' });
      // The overview loads afresh: the pilot is no longer in it.
      retry();
    },
    [retry],
  );
  useNotifyReady(state.status !== 'loading');
  const data = state.status === 'ready' ? state.value : null;
  const title = params.personal
    ? t.personalTitle
    : data?.team
      ? format(t.titleTeam, { team: data.team.name })
      : t.title;
  useEffect(() => {
    document.title = `${title} – ${t.appName}`;
  }, [title, t]);

  // Refused outright (outside Teams with sign-in required, or no access): the message and nothing else.
  if (state.status === 'failed') {
    return (
      <Frame me={null}>
        <PageHeading className={shared.h1}>{title}</PageHeading>
        <FailureMessage error={state.error} onRetry={retry} />
      </Frame>
    );
  }
  if (route.name === 'pilot' || route.name === 'print') {
    return (
      <Frame me={data?.me ?? null}>
        {route.name === 'pilot' ? (
          <PilotPage key={route.id} id={route.id} onDeleted={onDeleted} />
        ) : (
          <PrintReport key={route.id} id={route.id} />
        )}
      </Frame>
    );
  }
  const showTeam = params.personal || (data !== null && data.team === null && data.me.teams.length > 1);
  return (
    <Frame me={data?.me ?? null}>
      <PageHeading className={shared.h1}>{title}</PageHeading>
      {deleted && (
        <MessageBar intent="success" layout="multiline" className={s.notice}>
          <MessageBarBody>
            <MessageBarTitle>{t.deletePilot.deletedTitle}</MessageBarTitle>
            {format(t.deletePilot.deleted, {
              name: deleted.name,
              sessions: f.number(deleted.sessions),
              evaluations: f.number(deleted.evaluations),
              history: f.number(deleted.history),
            })}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => setDeleted(null)}>{t.deletePilot.dismiss}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {data === null ? (
        <CardsSkeleton label={t.loading} />
      ) : data.pilots.length === 0 ? (
        <p>{params.personal ? t.emptyPersonal : t.empty}</p>
      ) : (
        <Overview pilots={data.pilots} filters={filters} onFilters={setFilters} view={route.view} showTeam={showTeam} />
      )}
      {/* The personal view also says what Polku holds about the person; removing it changes their pilots. */}
      {params.personal && <MyData onRemoved={retry} />}
    </Frame>
  );
}

function ConfigContent({ params, early }: { params: PageParams; early?: Promise<Loaded> }) {
  const { host } = useApp();
  const { state, retry } = useLoaded(params, true, early);
  const [initial, setInitial] = useState<string[] | null>(params.pilots);
  useNotifyReady(state.status !== 'loading');
  useEffect(() => {
    // Reconfiguring a tab: start from what it shows now.
    if (!host.inTeams) return;
    void tabConfig.current().then((url) => {
      if (!url) return;
      const pilots = new URL(url, location.href).searchParams.get('pilots');
      if (pilots && pilots !== 'all') setInitial(pilots.split(',').filter(Boolean));
    });
  }, [host]);
  const data = state.status === 'ready' ? state.value : null;
  const team = data?.teams[0] ?? null;
  return (
    <Frame me={data?.me ?? null}>
      <ConfigPage
        key={initial?.join(',') ?? 'all'}
        team={team}
        loading={state.status === 'loading'}
        pilots={data?.pilots ?? null}
        error={state.status === 'failed' ? state.error : null}
        initial={initial}
        onRetry={retry}
        meeting={host.inTeams && Boolean(host.context.meeting?.id)}
      />
    </Frame>
  );
}

/** ?view=sidepanel: the meeting side panel has a page and bundle of its own (SidePanel.tsx). */
function ToSidePanel() {
  useEffect(() => location.replace(sidePanelUrl()), []);
  return null;
}

export function App(props: {
  params: PageParams;
  /** Outside Teams: the API and its first load, started before React. */
  early?: { api: Api; data: Promise<Loaded> };
}) {
  return props.params.sidePanel ? <ToSidePanel /> : <TabApp {...props} />;
}

function TabApp({ params, early }: { params: PageParams; early?: { api: Api; data: Promise<Loaded> } }) {
  const s = useStyles();
  const { host, theme } = useHost(params.theme ?? 'default');
  const locale = tabLocale(params.locale ?? (host?.inTeams ? host.context.app.locale : null));
  const value = useMemo(() => {
    const f = new Formats(locale, tabStrings(locale));
    if (!host) return null;
    return { f, host, api: host.inTeams ? new Api(() => host.token()) : (early?.api ?? new Api()) };
  }, [host, locale, early]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const f = value?.f ?? new Formats(locale, tabStrings(locale));
  return (
    // Layout styles go on the inner div: Fluent copies the provider's classes onto its portals' mount nodes.
    <FluentProvider theme={THEMES[theme]} style={{ colorScheme: theme === 'default' ? 'light' : 'dark' }}>
      <div className={s.root} data-theme={theme}>
        {value === null ? (
          <div style={{ padding: 16 }}>
            <CardsSkeleton label={f.t.loading} />
          </div>
        ) : (
          <AppContext.Provider value={value}>
            {params.config ? (
              <ConfigContent params={params} early={early?.data} />
            ) : (
              <TabContent params={params} early={early?.data} />
            )}
          </AppContext.Provider>
        )}
      </div>
    </FluentProvider>
  );
}
