import { matchPath } from 'react-router';
import { PAGE_ROUTES, type PageRoute } from '../routes';

/** The page a location shows, by the routes' patterns; null for a path no page matches. */
export function routeIdFor(pathname: string): PageRoute['id'] | null {
  return PAGE_ROUTES.find((r) => matchPath({ path: r.path, end: true }, pathname) !== null)?.id ?? null;
}

/** Where a nav item links: its pattern without a trailing optional parameter (`/map/:siteId?` → `/map`). */
export function navPath(route: PageRoute): string {
  return route.path.replace(/\/:\w+\?$/, '') || '/';
}

/**
 * Whether a nav item is the current section: its own page or one under it (`/work-orders/42` highlights "Work
 * orders"; `/` highlights only the overview).
 */
export function isNavActive(route: PageRoute, pathname: string): boolean {
  const base = navPath(route);
  if (base === '/') return pathname === '/';
  return pathname === base || pathname.startsWith(`${base}/`);
}
