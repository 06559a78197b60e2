import { Box } from '@mui/material';
import { useLanguage, useT } from '../../i18n/i18n';
import { MISSING_METRIC, rmseFigures } from './format-metric';
import { messages } from './messages';

/**
 * A version's validation RMSE with its unit: cycles for a C-MAPSS version, hours for a simulator version, whose figure
 * in feature windows (the unit it learned in) is given on hover.
 */
export function RmseValue({ value, windowSeconds }: { readonly value: number | undefined; readonly windowSeconds: number | null }) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const figures = rmseFigures(value, windowSeconds, locale);
  if (figures === null) return <>{MISSING_METRIC}</>;
  if (figures.unit === 'cycles') return <>{t('rmseCycles', { value: figures.cycles })}</>;
  return (
    <Box
      component="span"
      data-testid="rmse-hours"
      title={t('rmseWindows', { windows: figures.windows, window: figures.window })}
      sx={{ textDecoration: 'underline dotted', cursor: 'help' }}
    >
      {t('rmseHours', { value: figures.hours })}
    </Box>
  );
}
