import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import { toneColors, type Tone } from '../theme';

/**
 * Status colour chip (colour only for status, per the HMI palette). `py` and `lineHeight` keep each page's
 * chip height as it was designed (overview 0.1 / 1.6, asset 0.125 / inherited, system 0 / 1.6).
 */
export function ToneChip({
  tone,
  children,
  title,
  testId,
  py,
  lineHeight,
}: {
  readonly tone: Tone;
  readonly children: ReactNode;
  readonly title?: string;
  readonly testId?: string;
  readonly py?: number;
  readonly lineHeight?: number;
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
        py,
        borderRadius: 1,
        fontSize: 12,
        fontWeight: 600,
        lineHeight,
        color: fg,
        bgcolor: bg,
        whiteSpace: 'nowrap',
      }}
    >
      {children}
    </Box>
  );
}
