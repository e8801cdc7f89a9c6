/**
 * Where the user is in the tab: the page (content or the channel tab's configuration page) from
 * the address, the view within it from the hash (#/, #/compare, #/regional, #/pilots/:id,
 * #/pilots/:id/print), so that the browser's back button and Teams' deep links work.
 */
import { useEffect, useState } from 'react';
import type { ThemeName } from './host';

/** The overview's views: a card per pilot, all pilots side by side, or each kind's pilots across municipalities. */
export const OVERVIEW_VIEWS = ['cards', 'comparison', 'regional'] as const;
export type OverviewView = (typeof OVERVIEW_VIEWS)[number];

const VIEW_PATHS: Record<OverviewView, string> = { cards: '', comparison: 'compare', regional: 'regional' };

export type Route =
  { name: 'overview'; view: OverviewView } | { name: 'pilot'; id: string } | { name: 'print'; id: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const pilot = /^pilots\/([^/?#]+)(\/print)?$/.exec(path);
  if (pilot) {
    const id = decodeURIComponent(pilot[1]);
    return pilot[2] ? { name: 'print', id } : { name: 'pilot', id };
  }
  return { name: 'overview', view: OVERVIEW_VIEWS.find((v) => VIEW_PATHS[v] === path) ?? 'cards' };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'overview':
      return `#/${VIEW_PATHS[route.view]}`;
    case 'pilot':
      return `#/pilots/${encodeURIComponent(route.id)}`;
    case 'print':
      return `#/pilots/${encodeURIComponent(route.id)}/print`;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** What the address asks for: set by the configuration page's contentUrl, or by hand in a browser. */
export interface PageParams {
  config: boolean;
  personal: boolean;
  /** The meeting side panel's consultation form (?view=sidepanel): a page of its own, sidepanel.html. */
  sidePanel: boolean;
  /** The team (or group chat) whose pilots to show; absent = every team the caller may see. */
  team: string | null;
  /** Only these pilots; null = all of the team's. */
  pilots: string[] | null;
  locale: string | null;
  /** A theme forced by ?theme= (honoured outside Teams only: local preview, screenshots). */
  theme: ThemeName | null;
}

export function pageParams(loc: Pick<Location, 'pathname' | 'search'> = location): PageParams {
  const q = new URLSearchParams(loc.search);
  const pilots = q.get('pilots');
  const theme = q.get('theme');
  return {
    config: /\/config(\.html)?\/?$/.test(loc.pathname) || q.get('page') === 'config',
    personal: q.get('view') === 'personal',
    sidePanel: q.get('view') === 'sidepanel',
    team: q.get('team') || null,
    pilots: pilots && pilots !== 'all' ? pilots.split(',').filter(Boolean) : null,
    locale: q.get('locale'),
    theme:
      theme === 'dark'
        ? 'dark'
        : theme === 'contrast' || theme === 'highContrast' || theme === 'high-contrast'
          ? 'contrast'
          : theme === 'default' || theme === 'light'
            ? 'default'
            : null,
  };
}

/** The tab's base address (".../tab/"), from the content page or the configuration page alike. */
export function tabBase(loc: Pick<Location, 'origin' | 'pathname'> = location): string {
  return loc.origin + loc.pathname.replace(/(config(\.html)?\/?|index\.html)$/, '');
}

/** The meeting side panel's page (its own bundle), keeping the address's other parameters. */
export function sidePanelUrl(loc: Pick<Location, 'origin' | 'pathname' | 'search'> = location): string {
  const q = new URLSearchParams(loc.search);
  q.delete('view');
  const rest = q.toString();
  return `${tabBase(loc)}sidepanel.html${rest ? `?${rest}` : ''}`;
}
