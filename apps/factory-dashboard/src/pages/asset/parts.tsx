import type { ReactNode } from 'react';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import type { ApiError } from '../../api/client';
import { Section } from '../../components/Section';
import { ApiErrorAlert } from '../../components/states';
import { ToneChip as SharedToneChip } from '../../components/ToneChip';
import type { Tone } from '../../theme';
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
    <Section title={title} aside={aside} testId={testId} align="center" spread wide={wide}>
      {error !== undefined && <ErrorLine error={error} />}
      {loading ? <Skeleton variant="rounded" height={skeletonHeight} data-testid={`${testId}-loading`} /> : children}
    </Section>
  );
}

export function ErrorLine({ error }: { readonly error: ApiError }) {
  return <ApiErrorAlert error={error} testId="asset-error" messages={assetMessages} />;
}

/** Status colour chip of the asset page (its chip height). */
export function ToneChip(props: { readonly tone: Tone; readonly children: ReactNode; readonly testId?: string }) {
  return <SharedToneChip {...props} py={0.125} />;
}

/** A muted note under a chart. */
export function Note({ children, testId }: { readonly children: ReactNode; readonly testId?: string }) {
  return (
    <Typography variant="caption" color="text.secondary" data-testid={testId}>
      {children}
    </Typography>
  );
}
