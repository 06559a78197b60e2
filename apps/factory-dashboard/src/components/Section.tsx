import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { SxProps, Theme } from '@mui/material/styles';

/**
 * A titled `<section>` panel: a Paper with an `h2` heading and an optional `aside` to its right (a count, a legend,
 * an action). The look is chosen by `variant`:
 * - `panel` (overview and asset pages): elevated, dense `h2` heading, children spaced by the flex gap;
 * - `page` (models and system pages): outlined, `h6`-sized heading, wider padding.
 */
export function Section({
  title,
  aside,
  testId,
  variant = 'panel',
  align = 'baseline',
  spread = false,
  wide = false,
  children,
}: {
  readonly title: string;
  readonly aside?: ReactNode;
  readonly testId: string;
  readonly variant?: 'panel' | 'page';
  /** Vertical alignment of the title and the aside. */
  readonly align?: 'baseline' | 'center';
  /** Pushes the aside to the right edge (always so for `page`). */
  readonly spread?: boolean;
  /** Spans every column of the page grid. */
  readonly wide?: boolean;
  readonly children?: ReactNode;
}) {
  const page = variant === 'page';
  const paperSx: SxProps<Theme> = page
    ? { p: { xs: 1.5, sm: 2 }, minWidth: 0 }
    : { p: 1.5, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 1, gridColumn: wide ? '1 / -1' : undefined };
  return (
    <Paper component="section" variant={page ? 'outlined' : 'elevation'} data-testid={testId} sx={paperSx}>
      <Box
        sx={{
          display: 'flex',
          alignItems: align,
          justifyContent: page || spread ? 'space-between' : undefined,
          gap: 1,
          mb: page ? 1 : undefined,
          flexWrap: 'wrap',
        }}
      >
        <Typography variant={page ? 'h6' : 'h2'} component="h2">
          {title}
        </Typography>
        {aside}
      </Box>
      {children}
    </Paper>
  );
}

/** A page's frame: the `h1` title and its subtitle, then the page's sections stacked. */
export function PageFrame({
  testId,
  title,
  subtitle,
  children,
}: {
  readonly testId: string;
  readonly title: string;
  readonly subtitle: string;
  readonly children: ReactNode;
}) {
  return (
    <Stack spacing={2} data-testid={testId} sx={{ p: { xs: 1, sm: 2 }, minWidth: 0, maxWidth: '100%' }}>
      <Box>
        <Typography variant="h5" component="h1">
          {title}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {subtitle}
        </Typography>
      </Box>
      {children}
    </Stack>
  );
}
