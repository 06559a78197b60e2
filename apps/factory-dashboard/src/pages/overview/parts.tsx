import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { toneColors, type Tone } from '../../theme';

/** A titled panel of the overview; `aside` sits right of the title (a count, a legend). */
export function Section({
  title,
  aside,
  children,
  testId,
}: {
  readonly title: string;
  readonly aside?: ReactNode;
  readonly children: ReactNode;
  readonly testId: string;
}) {
  return (
    <Paper component="section" data-testid={testId} sx={{ p: 1.5, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="h2" component="h2">
          {title}
        </Typography>
        {aside}
      </Box>
      {children}
    </Paper>
  );
}

/** Status colour chip (colour only for status, per the HMI palette). */
export function ToneChip({
  tone,
  children,
  title,
  testId,
}: {
  readonly tone: Tone;
  readonly children: ReactNode;
  readonly title?: string;
  readonly testId?: string;
}) {
  const { fg, bg } = toneColors[tone];
  return (
    <Box
      component="span"
      title={title}
      data-testid={testId}
      sx={{
        display: 'inline-block',
        px: 0.75,
        py: 0.1,
        borderRadius: 1,
        fontSize: 12,
        fontWeight: 600,
        lineHeight: 1.6,
        color: fg,
        bgcolor: bg,
        whiteSpace: 'nowrap',
      }}
    >
      {children}
    </Box>
  );
}

/** Placeholder rows before the first snapshot: "not known yet" must not look like "nothing there". */
export function Loading({ rows = 3, height = 28 }: { readonly rows?: number; readonly height?: number }) {
  return (
    <Box data-testid="overview-loading" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} variant="rounded" height={height} sx={{ mb: 0.75 }} />
      ))}
    </Box>
  );
}

export function Empty({ children }: { readonly children: ReactNode }) {
  return (
    <Typography variant="body2" color="text.secondary" sx={{ py: 1 }}>
      {children}
    </Typography>
  );
}
