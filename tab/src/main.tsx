import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title1,
  webLightTheme,
} from '@fluentui/react-components';
import { format, tabLocale, tabStrings } from './i18n';

interface PilotRow {
  id: string;
  name: string;
  municipality: string;
  kind: string;
  stage: string;
  totals: {
    realised: { sessions: number; hoursPerSession: number };
    reachPerHour: number | null;
    lastSessionDate: string | null;
  };
}
interface Me {
  preview: boolean;
  teams: { tenantId: string; teamId: string }[];
}
type State =
  | { status: 'loading' }
  | { status: 'unauthenticated' }
  | { status: 'failed' }
  | { status: 'ready'; me: Me; pilots: PilotRow[] };

const locale = tabLocale(new URLSearchParams(location.search).get('locale') ?? navigator.language);
const t = tabStrings(locale);
const number = new Intl.NumberFormat(locale === 'fi' ? 'fi-FI' : locale === 'sv' ? 'sv-FI' : 'en-GB', {
  maximumFractionDigits: 2,
});

async function load(): Promise<State> {
  const meRes = await fetch('/api/me');
  if (meRes.status === 401) return { status: 'unauthenticated' };
  if (!meRes.ok) return { status: 'failed' };
  const me = (await meRes.json()) as Me;
  const pilots: PilotRow[] = [];
  for (const team of me.teams) {
    const r = await fetch(`/api/teams/${encodeURIComponent(team.tenantId)}/${encodeURIComponent(team.teamId)}/pilots`);
    if (!r.ok) return { status: 'failed' };
    pilots.push(...((await r.json()) as PilotRow[]));
  }
  return { status: 'ready', me, pilots };
}

function App() {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(() => {
    load().then(setState, () => setState({ status: 'failed' }));
  }, []);
  return (
    <main style={{ padding: 16 }}>
      <Title1 as="h1">{t.title}</Title1>
      {state.status === 'loading' && <Spinner label={t.loading} />}
      {state.status === 'unauthenticated' && (
        <MessageBar intent="warning">
          <MessageBarBody>{t.notSignedIn}</MessageBarBody>
        </MessageBar>
      )}
      {state.status === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{t.loadFailed}</MessageBarBody>
        </MessageBar>
      )}
      {state.status === 'ready' && (
        <>
          {state.me.preview && (
            <MessageBar intent="info">
              <MessageBarBody>{t.previewBanner}</MessageBarBody>
            </MessageBar>
          )}
          {state.pilots.length === 0 ? (
            <p>{t.empty}</p>
          ) : (
            <Table aria-label={t.title}>
              <TableHeader>
                <TableRow>
                  {Object.values(t.columns).map((c) => (
                    <TableHeaderCell key={c}>{c}</TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {state.pilots.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>{p.name}</TableCell>
                    <TableCell>{p.municipality}</TableCell>
                    <TableCell>{t.kinds[p.kind as keyof typeof t.kinds] ?? p.kind}</TableCell>
                    <TableCell>{t.stages[p.stage as keyof typeof t.stages] ?? p.stage}</TableCell>
                    <TableCell>
                      {format(t.realised, {
                        sessions: p.totals.realised.sessions,
                        hours: number.format(p.totals.realised.hoursPerSession),
                      })}
                    </TableCell>
                    <TableCell>
                      {p.totals.reachPerHour === null ? t.none : number.format(p.totals.reachPerHour)}
                    </TableCell>
                    <TableCell>{p.totals.lastSessionDate ?? t.none}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </>
      )}
    </main>
  );
}

document.documentElement.lang = locale;
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <FluentProvider theme={webLightTheme}>
        <App />
      </FluentProvider>
    </StrictMode>,
  );
}
