import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import type { ApiError } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { toneColors, type Tone } from '../../theme';
import { assetMessages } from './messages';

/**
 * A titled panel of the asset page. While `loading` (and nothing to show yet) it shows a skeleton of `skeletonHeight`;
 * an `error` is shown with its stable code above whatever data is still there.
 */
export function Panel({
  title,
  aside,
  testId,
  loading = false,
  error,
  skeletonHeight = 160,
  wide = false,
  children,
}: {
  readonly title: string;
  readonly aside?: ReactNode;
  readonly testId: string;
  readonly loading?: boolean;
  readonly error?: ApiError | undefined;
  readonly skeletonHeight?: number;
  /** Spans both columns of the page grid. */
  readonly wide?: boolean;
  readonly children?: ReactNode;
}) {
  return (
    <Paper
      component="section"
      data-testid={testId}
      sx={{ p: 1.5, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 1, gridColumn: wide ? '1 / -1' : undefined }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', justifyContent: 'space-between' }}>
        <Typography variant="h2" component="h2">
          {title}
        </Typography>
        {aside}
      </Box>
      {error !== undefined && <ErrorLine error={error} />}
      {loading ? <Skeleton variant="rounded" height={skeletonHeight} data-testid={`${testId}-loading`} /> : children}
    </Paper>
  );
}

export function ErrorLine({ error }: { readonly error: ApiError }) {
  const t = useT(assetMessages);
  return (
    <Alert severity="error" data-testid="asset-error" data-code={error.code}>
      {t('error', { code: error.code, message: error.message })}
    </Alert>
  );
}

/** Status colour chip (colour only for status, per the HMI palette). */
export function ToneChip({ tone, children, testId }: { readonly tone: Tone; readonly children: ReactNode; readonly testId?: string }) {
  const { fg, bg } = toneColors[tone];
  return (
    <Box
      component="span"
      data-testid={testId}
      sx={{
        display: 'inline-block',
        px: 0.75,
        py: 0.125,
        borderRadius: 1,
        fontSize: 12,
        fontWeight: 600,
        color: fg,
        bgcolor: bg,
        whiteSpace: 'nowrap',
      }}
    >
      {children}
    </Box>
  );
}

/** A muted note under a chart. */
export function Note({ children, testId }: { readonly children: ReactNode; readonly testId?: string }) {
  return (
    <Typography variant="caption" color="text.secondary" data-testid={testId}>
      {children}
    </Typography>
  );
}
