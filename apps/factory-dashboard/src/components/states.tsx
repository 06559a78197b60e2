import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import type { ApiError } from '../api/client';
import { useT, type Messages } from '../i18n/i18n';

/** Placeholder rows before the first snapshot: "not known yet" must not look like "nothing there". */
export function LoadingRows({
  testId,
  rows = 3,
  height = 28,
}: {
  readonly testId: string;
  readonly rows?: number;
  readonly height?: number;
}) {
  return (
    <Box data-testid={testId} aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} variant="rounded" height={height} sx={{ mb: 0.75 }} />
      ))}
    </Box>
  );
}

/** "Nothing there" in a panel. */
export function Empty({ children }: { readonly children: ReactNode }) {
  return (
    <Typography variant="body2" color="text.secondary" sx={{ py: 1 }}>
      {children}
    </Typography>
  );
}

/** Secondary text inside a line (a fact that is absent, a unit). */
export function Muted({ children }: { readonly children: ReactNode }) {
  return (
    <Box component="span" sx={{ color: 'text.secondary' }}>
      {children}
    </Box>
  );
}

/**
 * An API failure with its stable code (`data-code`), worded by the page's own `error` message
 * (`{code}` and `{message}` placeholders). Renders nothing without an error.
 */
export function ApiErrorAlert({
  error,
  testId,
  messages,
  spaced = false,
}: {
  readonly error: ApiError | undefined;
  readonly testId: string;
  readonly messages: Messages<'error'>;
  /** A margin below (when the container does not space its children). */
  readonly spaced?: boolean;
}) {
  const t = useT(messages);
  if (!error) return null;
  return (
    <Alert severity="error" sx={spaced ? { mb: 1 } : undefined} data-testid={testId} data-code={error.code}>
      {t('error', { code: error.code, message: error.message })}
    </Alert>
  );
}
