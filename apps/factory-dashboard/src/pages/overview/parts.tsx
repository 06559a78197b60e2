import type { ReactNode } from 'react';
import { Section as SharedSection } from '../../components/Section';
import { LoadingRows } from '../../components/states';
import { ToneChip as SharedToneChip } from '../../components/ToneChip';
import type { Tone } from '../../theme';

export { Empty } from '../../components/states';

/** A titled panel of the overview; `aside` sits right of the title (a count, a legend). */
export function Section(props: {
  readonly title: string;
  readonly aside?: ReactNode;
  readonly children: ReactNode;
  readonly testId: string;
}) {
  return <SharedSection {...props} />;
}

/** Status colour chip of the overview (its chip height). */
export function ToneChip(props: { readonly tone: Tone; readonly children: ReactNode; readonly title?: string; readonly testId?: string }) {
  return <SharedToneChip {...props} py={0.1} lineHeight={1.6} />;
}

/** Placeholder rows before the first snapshot: "not known yet" must not look like "nothing there". */
export function Loading({ rows = 3, height = 28 }: { readonly rows?: number; readonly height?: number }) {
  return <LoadingRows testId="overview-loading" rows={rows} height={height} />;
}
