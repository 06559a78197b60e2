import type { ReactNode } from 'react';

/** Says what the page is waiting for, so an empty area never looks like a broken one. */
export function EmptyState({ children }: { readonly children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
