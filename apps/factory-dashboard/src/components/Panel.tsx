import type { ReactNode } from 'react';

export interface PanelProps {
  readonly title: string;
  /** Shown beside the title; omitted while the figure is not known yet. */
  readonly count?: number | undefined;
  /** Right-aligned extra in the header, e.g. a status summary. */
  readonly aside?: ReactNode;
  readonly className?: string;
  readonly children: ReactNode;
}

/** A titled section of the page. */
export function Panel({ title, count, aside, className, children }: PanelProps) {
  const headingId = `panel-${title.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={headingId}>
      <header className="panel__header">
        <h2 id={headingId}>{title}</h2>
        {count !== undefined && <span className="panel__count">{count}</span>}
        {aside !== undefined && <div className="panel__aside">{aside}</div>}
      </header>
      <div className="panel__body">{children}</div>
    </section>
  );
}
