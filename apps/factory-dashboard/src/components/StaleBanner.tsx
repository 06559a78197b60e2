import { formatTime } from '../format';

/** Shown while the link is down: the figures below are the last known ones, not the plant as it is now. */
export function StaleBanner({ lastMessageAt }: { readonly lastMessageAt: number | null }) {
  return (
    <div className="stale" role="alert">
      Connection to the monitoring service lost — reconnecting.
      {lastMessageAt !== null && <> Figures below are as of {formatTime(lastMessageAt)}.</>}
    </div>
  );
}
