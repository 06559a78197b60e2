import { Chip } from '@mui/material';
import { useT } from '../../i18n/i18n';
import { messages } from './messages';
import type { VersionRole } from './model-rows';

const COLORS: Readonly<Record<VersionRole, 'success' | 'info' | 'default'>> = {
  champion: 'success',
  'in-service': 'info',
  candidate: 'default',
  superseded: 'default',
  retired: 'default',
};

/** A version's role; the champion (or the trend model in service) stands out, past versions are outlined. */
export function RoleChip({ role }: { readonly role: VersionRole }) {
  const t = useT(messages);
  const past = role === 'superseded' || role === 'retired';
  return (
    <Chip
      size="small"
      data-testid="model-role"
      data-role={role}
      label={t(`role.${role}`)}
      color={COLORS[role]}
      variant={past ? 'outlined' : 'filled'}
    />
  );
}
