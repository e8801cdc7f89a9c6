/**
 * The tab: finds out where it runs, then shows the configuration page or the overview, a pilot
 * or a pilot's printable report, in the Teams theme and language.
 */
import { lazy, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button } from '@fluentui/react-button';
import { MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-message-bar';
import { FluentProvider } from '@fluentui/react-provider';
import { teamsHighContrastTheme, type Theme, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import type { MeResponse, PilotOverview } from '../../bot/api/contract';
import { type Loaded, loadPilots } from './data';
import { Api } from './api';
import type { PilotDeleted } from './DeletePilot';
import { type ThemeName, useHost } from './host';
import { format, Formats, type Locale, loadedStrings, loadStrings, tabLocale, type TabStrings } from './formats';
import { type Filters, NO_FILTERS } from './model';
import { Overview } from './Overview';
import { hrefOf, type PageParams, sidePanelUrl, useRoute } from './route';
import {
  AppContext,
  CardsSkeleton,
  FailureMessage,
  FocusManagerScope,
  LazyView,
  PageHeading,
  useApp,
  useShared,
} from './ui';
import { useData } from './useData';

// Not needed for the overview's first screen: each is a chunk of its own, loaded when shown.
const PilotPage = lazy(() => import('./PilotPage').then((m) => ({ default: m.PilotPage })));
const PrintReport = lazy(() => import('./PrintReport').then((m) => ({ default: m.PrintReport })));
const MyData = lazy(() => import('./MyData').then((m) => ({ default: m.MyData })));
const ConfigPage = lazy(() => import('./ConfigPage').then((m) => ({ default: m.ConfigPage })));

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

/** The overview's pilots: the first page at once, then the whole list when it has come. */
function useWholeList(data: Loaded | null): { pilots: PilotOverview[]; pending: number; failed: unknown } {
  const [whole, setWhole] = useState<{ of: Loaded; pilots?: PilotOverview[]; error?: unknown } | null>(null);
  useEffect(() => {
    if (!data?.rest) return;
    let live = true;
    data.rest.then(
      (pilots) => live && setWhole({ of: data, pilots }),
      (error: unknown) => live && setWhole({ of: data, error }),
    );
    return () => {
      live = false;
    };
  }, [data]);
  if (!data) return { pilots: [], pending: 0, failed: null };
  const done = whole?.of === data ? whole : null;
  const pilots = done?.pilots ?? data.pilots;
  return { pilots, pending: data.rest && !done ? data.total - pilots.length : 0, failed: done?.error ?? null };
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
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  return (
    <FocusManagerScope>
      <div className={shared.page}>
        <header className={`${s.header} no-print`}>
          <p className={s.brand}>{f.t.appName}</p>
          <PreviewBanner me={me} />
        </header>
        <main id="main">{children}</main>
      </div>
    </FocusManagerScope>
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
  const whole = useWholeList(data);
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
        <LazyView>
          {route.name === 'pilot' ? (
            <PilotPage key={route.id} id={route.id} onDeleted={onDeleted} />
          ) : (
            <PrintReport key={route.id} id={route.id} />
          )}
        </LazyView>
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
      ) : whole.pilots.length === 0 ? (
        <p>{params.personal ? t.emptyPersonal : t.empty}</p>
      ) : (
        <>
          {whole.failed !== null && <FailureMessage error={whole.failed} onRetry={retry} />}
          <Overview
            pilots={whole.pilots}
            pending={whole.pending}
            filters={filters}
            onFilters={setFilters}
            view={route.view}
            showTeam={showTeam}
          />
        </>
      )}
      {/* The personal view also says what Polku holds about the person; removing it changes their pilots. */}
      {params.personal && (
        <LazyView>
          <MyData onRemoved={retry} />
        </LazyView>
      )}
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
    void import('./teams').then(async ({ tabConfig }) => {
      const url = await tabConfig.current();
      if (!url) return;
      const pilots = new URL(url, location.href).searchParams.get('pilots');
      if (pilots && pilots !== 'all') setInitial(pilots.split(',').filter(Boolean));
    });
  }, [host]);
  const data = state.status === 'ready' ? state.value : null;
  const team = data?.teams[0] ?? null;
  return (
    <Frame me={data?.me ?? null}>
      <LazyView>
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
      </LazyView>
    </Frame>
  );
}

/** The strings of `locale`: at once when they are loaded already (main.tsx starts it early), else null until they are. */
function useStrings(locale: Locale): TabStrings | null {
  const [loaded, setLoaded] = useState(() => ({ locale, strings: loadedStrings(locale) }));
  useEffect(() => {
    let live = true;
    void loadStrings(locale).then((strings) => live && setLoaded({ locale, strings }));
    return () => {
      live = false;
    };
  }, [locale]);
  return loaded.locale === locale ? loaded.strings : null;
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
  const strings = useStrings(locale);
  const f = useMemo(() => (strings ? new Formats(locale, strings) : null), [locale, strings]);
  const value = useMemo(() => {
    if (!host || !f) return null;
    return { f, host, api: host.inTeams ? new Api(() => host.token()) : (early?.api ?? new Api()) };
  }, [host, f, early]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    // Layout styles go on the inner div: Fluent copies the provider's classes onto its portals' mount nodes.
    <FluentProvider theme={THEMES[theme]} style={{ colorScheme: theme === 'default' ? 'light' : 'dark' }}>
      <div className={s.root} data-theme={theme}>
        {value === null ? (
          // Until the host is known; nothing at all for the few milliseconds the strings take to come.
          f && (
            <div style={{ padding: 16 }}>
              <CardsSkeleton label={f.t.loading} />
            </div>
          )
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
