import { useState } from 'react';
import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useT } from '../i18n/i18n';
import { useAuth } from './AuthGate';
import { authMessages } from './messages';

/** The signed-in user's name and a logout entry; nothing when the dashboard runs without auth. */
export function UserMenu() {
  const session = useAuth();
  const t = useT(authMessages);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (session === null) return null;
  return (
    <>
      <Button
        color="inherit"
        size="small"
        data-testid="user-menu"
        aria-haspopup="menu"
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{ textTransform: 'none' }}
      >
        {session.userName}
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem disabled dense>
          {session.roles.join(', ')}
        </MenuItem>
        <MenuItem data-testid="logout" onClick={() => void session.logout()}>
          {t('logout')}
        </MenuItem>
      </Menu>
    </>
  );
}
