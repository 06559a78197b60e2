import Drawer from '@mui/material/Drawer';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Toolbar from '@mui/material/Toolbar';
import { Link } from 'react-router';
import { navKey, useCommonT } from '../i18n/common';
import { useT } from '../i18n/i18n';
import { PAGE_ROUTES } from '../routes';
import { layoutMessages } from './messages';
import { NavIcon } from './nav-icons';
import { isNavActive, navPath } from './page-route';

export const DRAWER_WIDTH = 220;

export interface NavDrawerProps {
  /** Permanent beside the page on desktop; temporary (over the page, opened by the menu button) on tablets. */
  readonly variant: 'permanent' | 'temporary';
  readonly open: boolean;
  readonly onClose: () => void;
  readonly pathname: string;
}

export function NavDrawer({ variant, open, onClose, pathname }: NavDrawerProps) {
  const t = useCommonT();
  const tl = useT(layoutMessages);
  return (
    <Drawer
      variant={variant}
      open={variant === 'permanent' || open}
      onClose={onClose}
      ModalProps={{ keepMounted: false }}
      data-testid="nav-drawer"
      sx={{ width: DRAWER_WIDTH, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' } }}
    >
      <Toolbar variant="dense" />
      <nav aria-label={tl('navigation')}>
        <List dense>
          {PAGE_ROUTES.filter((r) => r.nav).map((r) => {
            const active = isNavActive(r, pathname);
            return (
              <ListItemButton
                key={r.id}
                component={Link}
                to={navPath(r)}
                selected={active}
                aria-current={active ? 'page' : undefined}
                data-testid={`nav-${r.id}`}
                onClick={variant === 'temporary' ? onClose : undefined}
              >
                <ListItemIcon sx={{ minWidth: 36 }}>
                  <NavIcon name={r.id} fontSize="small" />
                </ListItemIcon>
                <ListItemText primary={t(navKey(r.id))} />
              </ListItemButton>
            );
          })}
        </List>
      </nav>
    </Drawer>
  );
}
