import type { AssetHealth } from '@vigie/contracts';
import { assetStatusTone } from '../tones';

const ORDER: readonly AssetHealth['status'][] = ['alarm', 'warning', 'ok', 'unknown'];

/**
 * "1 alarm · 2 warning · 5 ok": the cards keep the plant's physical order, so this line is where an operator sees
 * at a glance whether anything is red without scanning every card.
 */
export function AssetStatusSummary({ assets }: { readonly assets: readonly AssetHealth[] }) {
  if (assets.length === 0) return null;
  const counts = new Map<AssetHealth['status'], number>();
  for (const a of assets) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  return (
    <ul className="status-summary" aria-label="Assets by status">
      {ORDER.filter((status) => counts.has(status)).map((status) => (
        <li key={status} className={`status-summary__item tone--${assetStatusTone[status]}`} data-status={status}>
          <span className="status-summary__dot" aria-hidden="true" />
          <span className="num">{counts.get(status)}</span> {status}
        </li>
      ))}
    </ul>
  );
}
