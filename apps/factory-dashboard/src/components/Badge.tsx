import type { ReactNode } from 'react';
import type { Tone } from './tones';

export interface BadgeProps {
  readonly tone: Tone;
  readonly children: ReactNode;
  readonly title?: string;
}

export function Badge({ tone, children, title }: BadgeProps) {
  return (
    <span className={`badge badge--${tone}`} title={title}>
      {children}
    </span>
  );
}
