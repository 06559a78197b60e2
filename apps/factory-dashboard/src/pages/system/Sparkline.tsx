import { Line, LineChart } from 'recharts';
import { hmi } from '../../theme';
import type { ThroughputPoint } from './system-rows';

/** A small throughput trend (requests/s blue, events/s green) without axes: the table cells hold the figures. */
export function Sparkline({ points, label }: { readonly points: readonly ThroughputPoint[]; readonly label: string }) {
  if (points.length < 2) return null;
  return (
    <span role="img" aria-label={label} title={label} data-testid="system-sparkline" style={{ display: 'inline-block', lineHeight: 0 }}>
      <LineChart width={120} height={28} data={points as ThroughputPoint[]} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
        <Line
          type="monotone"
          dataKey="requests"
          stroke={hmi.info}
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
          connectNulls={false}
        />
        <Line
          type="monotone"
          dataKey="events"
          stroke={hmi.ok}
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
          connectNulls={false}
        />
      </LineChart>
    </span>
  );
}
