import { formatPercent } from '../../format';
import { healthTone } from '../tones';

/** Health 0–1 as a horizontal gauge; an empty track with "—" when the service has no figure yet. */
export function HealthBar({ health }: { readonly health: number | null }) {
  const label = formatPercent(health);
  return (
    <div className="health">
      <span className="health__label">Health</span>
      <div
        className={`health__track health__track--${healthTone(health)}`}
        role="meter"
        aria-label="Asset health"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={health === null ? undefined : Math.round(health * 100)}
        aria-valuetext={health === null ? 'not computed yet' : label}
      >
        <div className="health__fill" style={{ width: `${(health ?? 0) * 100}%` }} />
      </div>
      <span className="health__value">{label}</span>
    </div>
  );
}
