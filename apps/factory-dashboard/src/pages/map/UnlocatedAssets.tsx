import { Box, Chip, Paper, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router';
import type { AssetHealth } from '@vigie/contracts';
import { healthKey, useCommonT } from '../../i18n/common';
import { useT } from '../../i18n/i18n';
import { healthTone, toneColors } from '../../theme';
import { mapMessages } from './messages';

/** Assets the world map cannot place (no coordinates, or no site yet), each linking to its page. */
export function UnlocatedAssets({ assets }: { readonly assets: readonly AssetHealth[] }) {
  const t = useT(mapMessages);
  const common = useCommonT();
  if (assets.length === 0) return null;
  return (
    <Paper data-testid="map-unlocated" sx={{ p: 1.5 }}>
      <Typography component="h2" variant="h2">
        {t('unlocated.title', { count: assets.length })}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('unlocated.hint')}
      </Typography>
      <Box component="ul" sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, listStyle: 'none', m: 0, p: 0 }}>
        {assets.map((asset) => {
          const tone = toneColors[healthTone[asset.status]];
          return (
            <li key={asset.id}>
              <Chip
                component={RouterLink}
                to={`/assets/${encodeURIComponent(asset.id)}`}
                clickable
                size="small"
                data-testid="map-unlocated-asset"
                data-asset-id={asset.id}
                data-health={asset.status}
                title={common(healthKey(asset.status))}
                label={t('unlocated.item', {
                  id: asset.id,
                  name: asset.name,
                  site: asset.site === '' ? t('unlocated.noSite') : asset.site,
                })}
                sx={{ borderLeft: `6px solid ${tone.fg}`, maxWidth: '100%' }}
              />
            </li>
          );
        })}
      </Box>
    </Paper>
  );
}
