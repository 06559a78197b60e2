import { memo, useEffect, useMemo, useState } from 'react';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { Outlet, useLocation } from 'react-router';
import { UserMenu } from '../auth/UserMenu';
import type { MonitoringFeed } from '../hooks/use-monitoring-socket';
import { navKey, useCommonT } from '../i18n/common';
import { useLanguage, useT } from '../i18n/i18n';
import { useLive } from '../live/LiveProvider';
import { initialPlantState } from '../state/plant-state';
import { theme } from '../theme';
import { ConnectionStatus, ServicesUp } from './ConnectionStatus';
import { LanguageSwitch } from './LanguageSwitch';
import { layoutMessages } from './messages';
import { DRAWER_WIDTH, NavDrawer } from './NavDrawer';
import { NavIcon } from './nav-icons';
import { PageErrorBoundary } from './PageErrorBoundary';
import { routeIdFor } from './page-route';

/** The app's frame around every page, fed by the live monitoring link. */
export function AppLayout() {
  const { connection, lastMessageAt, plant } = useLive();
  // Below 900 px (tablets) the drawer would eat a third of the screen: it becomes a temporary one.
  const desktop = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  // The frame shows only the link state and the services: it keeps its props (and skips rendering) while assets,
  // alerts or work orders change, which they do many times a second on a large plant.
  const { services, synced } = plant;
  const feed = useMemo<MonitoringFeed>(
    () => ({ connection, lastMessageAt, plant: { ...initialPlantState, services, synced } }),
    [connection, lastMessageAt, services, synced],
  );
  return <ShellMemo feed={feed} desktop={desktop} />;
}

export interface ShellProps {
  readonly feed: MonitoringFeed;
  readonly desktop: boolean;
}

/** App bar (name, link state, services up, language), navigation drawer and the current page. */
const ShellMemo = memo(function ShellMemo(props: ShellProps) {
  return <Shell {...props} />;
});

export function Shell({ feed, desktop }: ShellProps) {
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  const t = useCommonT();
  const tl = useT(layoutMessages);
  const { language } = useLanguage();

  const routeId = routeIdFor(pathname);
  const title = tl('pageTitle', { page: routeId === null ? t('app.name') : t(navKey(routeId)) });
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(() => {
    document.documentElement.lang = language; // also right on first load, before anyone touches the switch
  }, [language]);

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" elevation={0} sx={{ zIndex: (th) => th.zIndex.drawer + 1 }}>
        <Toolbar variant="dense" sx={{ gap: { xs: 1, sm: 2 } }}>
          {!desktop && (
            <IconButton
              color="inherit"
              edge="start"
              aria-label={tl('openMenu')}
              aria-expanded={menuOpen}
              data-testid="nav-toggle"
              onClick={() => setMenuOpen((open) => !open)}
            >
              <NavIcon name="menu" />
            </IconButton>
          )}
          <Typography component="div" sx={{ fontSize: 18, fontWeight: 650, letterSpacing: '0.01em' }}>
            {t('app.name')}
          </Typography>
          <Typography component="div" variant="body2" sx={{ opacity: 0.7, display: { xs: 'none', lg: 'block' } }}>
            {t('app.tagline')}
          </Typography>
          <Box sx={{ flexGrow: 1 }} />
          <ConnectionStatus connection={feed.connection} lastMessageAt={feed.lastMessageAt} />
          <ServicesUp services={feed.plant.services} synced={feed.plant.synced} />
          <LanguageSwitch />
          <UserMenu />
        </Toolbar>
      </AppBar>
      <NavDrawer variant={desktop ? 'permanent' : 'temporary'} open={menuOpen} onClose={() => setMenuOpen(false)} pathname={pathname} />
      <Box component="main" sx={{ flexGrow: 1, minWidth: 0, width: { md: `calc(100% - ${DRAWER_WIDTH}px)` }, p: { xs: 1.5, md: 2 } }}>
        <Toolbar variant="dense" />
        <PageErrorBoundary key={routeId ?? pathname}>
          <Outlet />
        </PageErrorBoundary>
      </Box>
    </Box>
  );
}
