import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Api } from './api';
import { App } from './App';
import { loadPilots } from './data';
import { loadStrings, tabLocale } from './formats';
import { surelyOutsideTeams } from './host';
import { pageParams } from './route';

const params = pageParams();
// The strings of the language asked for come while the rest starts (in Teams, its locale may differ).
loadStrings(tabLocale(params.locale)).catch(() => undefined);
// A top-level page is not in Teams: its data need not wait for React or teams-js.
let early: { api: Api; data: ReturnType<typeof loadPilots> } | undefined;
if (surelyOutsideTeams(window)) {
  const api = new Api();
  const data = loadPilots(api, { inTeams: false }, params, params.config);
  // Reported when the view takes it; unhandled until then is not an error.
  data.catch(() => undefined);
  early = { api, data };
}
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App params={params} early={early} />
    </StrictMode>,
  );
}
