import type { Key, ReactNode } from 'react';
import Box from '@mui/material/Box';

/**
 * A live feed as a scrollable list, one grid row per item (`columns`: the row's CSS grid template). Before the first
 * snapshot (`synced` false) it shows `placeholder`, and `empty` when there is nothing: "not known yet" must not look
 * like "nothing there". `itemAttributes` are the row's `data-*` attributes (test ids, states).
 */
export function FeedList<T>({
  items,
  synced,
  placeholder,
  empty,
  columns,
  itemKey,
  itemAttributes,
  renderItem,
}: {
  readonly items: readonly T[];
  readonly synced: boolean;
  readonly placeholder: ReactNode;
  readonly empty: ReactNode;
  readonly columns: string;
  readonly itemKey: (item: T) => Key;
  readonly itemAttributes: (item: T) => Readonly<Record<`data-${string}`, string>>;
  readonly renderItem: (item: T) => ReactNode;
}) {
  if (!synced) return placeholder;
  if (items.length === 0) return empty;
  return (
    <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0, maxHeight: 260, overflowY: 'auto' }}>
      {items.map((item) => (
        <Box
          component="li"
          key={itemKey(item)}
          {...itemAttributes(item)}
          sx={{
            display: 'grid',
            gridTemplateColumns: columns,
            gap: 1,
            py: 0.5,
            borderBottom: 1,
            borderColor: 'divider',
            fontSize: 13,
            alignItems: 'baseline',
          }}
        >
          {renderItem(item)}
        </Box>
      ))}
    </Box>
  );
}
