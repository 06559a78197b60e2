import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import type { Criticality } from '@vigie/contracts';
import { criticalityKey, healthKey, useCommonT } from '../../i18n/common';
import { useT } from '../../i18n/i18n';
import { hmi } from '../../theme';
import { criticalityColour, healthColour } from './marker-style';
import { mapMessages } from './messages';
import { HEALTH_STATES } from './site-summary';

const CRITICALITIES: readonly Criticality[] = ['critical', 'high', 'medium', 'low'];

function Swatch({ fill, ring, ringWidth }: { readonly fill: string; readonly ring: string; readonly ringWidth: number }) {
  return (
    <Box
      component="span"
      sx={{
        width: 14,
        height: 14,
        flex: 'none',
        borderRadius: '50%',
        boxSizing: 'border-box',
        background: fill,
        border: `${ringWidth}px solid ${ring}`,
      }}
    />
  );
}

function Item({ children, swatch }: { readonly children: string; readonly swatch: ReactNode }) {
  return (
    <Box component="li" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
      {swatch}
      <span>{children}</span>
    </Box>
  );
}

function Group({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 1.25, rowGap: 0.5 }}>
      <Typography component="span" variant="caption" sx={{ fontWeight: 650, color: 'text.secondary' }}>
        {title}
      </Typography>
      <Box component="ul" sx={{ display: 'contents', listStyle: 'none', m: 0, p: 0 }}>
        {children}
      </Box>
    </Box>
  );
}

/**
 * What the colours and rings mean, as one strip above the map (over the map it would hide markers on a tablet).
 * Criticality rings are only drawn on the floor plan, so the world map's legend leaves them out.
 */
export function MapLegend({ criticality }: { readonly criticality: boolean }) {
  const t = useT(mapMessages);
  const common = useCommonT();
  return (
    <Box
      data-testid="map-legend"
      role="group"
      aria-label={t('legend.title')}
      sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 3, rowGap: 0.5, fontSize: 12, alignItems: 'center' }}
    >
      <Group title={t('legend.health')}>
        {HEALTH_STATES.map((state) => (
          <Item key={state} swatch={<Swatch fill={healthColour(state)} ring={hmi.surface} ringWidth={1} />}>
            {common(healthKey(state))}
          </Item>
        ))}
      </Group>
      {criticality && (
        <Group title={t('legend.criticality')}>
          {CRITICALITIES.map((c) => (
            <Item key={c} swatch={<Swatch fill={hmi.surface} ring={criticalityColour(c)} ringWidth={4} />}>
              {common(criticalityKey(c))}
            </Item>
          ))}
          <Item swatch={<Swatch fill={hmi.surface} ring={hmi.border} ringWidth={2} />}>{t('legend.noCriticality')}</Item>
        </Group>
      )}
    </Box>
  );
}
