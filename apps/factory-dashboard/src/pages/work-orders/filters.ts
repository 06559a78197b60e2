import { Priority, WorkOrderStatus, type WorkOrder } from '@vigie/contracts';

/** How an order came about: predictive (a model's anomaly or RUL prediction) or corrective (opened by a person). */
export const WORK_ORDER_TYPES = ['predictive', 'corrective'] as const;
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];

export function workOrderType(order: Pick<WorkOrder, 'cause'>): WorkOrderType {
  return order.cause === 'manual' ? 'corrective' : 'predictive';
}

export const WORK_ORDER_VIEWS = ['list', 'board'] as const;
export type WorkOrderView = (typeof WORK_ORDER_VIEWS)[number];

/** What the work-order page shows; empty lists / null / '' mean "no restriction". */
export interface WorkOrderFilters {
  readonly statuses: readonly WorkOrderStatus[];
  readonly priorities: readonly Priority[];
  readonly assetId: string | null;
  readonly type: WorkOrderType | null;
  readonly text: string;
}

export const NO_FILTERS: WorkOrderFilters = { statuses: [], priorities: [], assetId: null, type: null, text: '' };

/** The page's state as kept in the URL, so a link reproduces the view. */
export interface WorkOrderQuery {
  readonly view: WorkOrderView;
  readonly filters: WorkOrderFilters;
}

const pickAll = <T extends string>(allowed: readonly T[], raw: string | null): T[] => {
  const wanted = new Set((raw ?? '').split(',').map((s) => s.trim()));
  return allowed.filter((v) => wanted.has(v)); // canonical order, unknown values dropped
};

/**
 * Reads `?view=board&status=requested,approved&priority=P1&asset=P-101&type=predictive&q=bearing`. Values the page
 * does not know are ignored (an old bookmark still opens), so the result is always a valid query.
 */
export function parseWorkOrderQuery(params: URLSearchParams): WorkOrderQuery {
  const view = params.get('view');
  const type = params.get('type');
  const asset = params.get('asset')?.trim() ?? '';
  return {
    view: view === 'board' ? 'board' : 'list',
    filters: {
      statuses: pickAll(WorkOrderStatus.options, params.get('status')),
      priorities: pickAll(Priority.options, params.get('priority')),
      assetId: asset === '' ? null : asset,
      type: type === 'predictive' || type === 'corrective' ? type : null,
      text: params.get('q') ?? '',
    },
  };
}

/** The inverse of parseWorkOrderQuery, leaving defaults out so URLs stay short. */
export function workOrderQueryParams(query: WorkOrderQuery): URLSearchParams {
  const params = new URLSearchParams();
  const { filters } = query;
  if (query.view !== 'list') params.set('view', query.view);
  if (filters.statuses.length > 0) params.set('status', filters.statuses.join(','));
  if (filters.priorities.length > 0) params.set('priority', filters.priorities.join(','));
  if (filters.assetId !== null) params.set('asset', filters.assetId);
  if (filters.type !== null) params.set('type', filters.type);
  if (filters.text.trim() !== '') params.set('q', filters.text);
  return params;
}

/** Lower case without accents, so "roulement" finds "Roulement" and "defaut" finds "défaut". */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** Whether every word of `text` appears in the order's id, title, description, asset, failure mode, assignee or closure. */
function matchesText(order: WorkOrder, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const haystack = foldText(
    [
      order.id,
      order.title,
      order.description,
      order.assetId,
      order.failureMode ?? '',
      order.assignedTo ?? '',
      order.closureCode ?? '',
      order.cancelReason ?? '',
    ].join('\n'),
  );
  return words.every((w) => haystack.includes(w));
}

/** The orders that pass every filter, in their given order. */
export function filterWorkOrders(orders: readonly WorkOrder[], filters: WorkOrderFilters): WorkOrder[] {
  const statuses = new Set(filters.statuses);
  const priorities = new Set(filters.priorities);
  const words = foldText(filters.text)
    .split(/\s+/)
    .filter((w) => w !== '');
  return orders.filter(
    (o) =>
      (statuses.size === 0 || statuses.has(o.status)) &&
      (priorities.size === 0 || priorities.has(o.priority)) &&
      (filters.assetId === null || o.assetId === filters.assetId) &&
      (filters.type === null || workOrderType(o) === filters.type) &&
      matchesText(o, words),
  );
}

/** How many filters restrict the view (for a "clear filters" affordance). */
export function activeFilterCount(filters: WorkOrderFilters): number {
  return (
    (filters.statuses.length > 0 ? 1 : 0) +
    (filters.priorities.length > 0 ? 1 : 0) +
    (filters.assetId !== null ? 1 : 0) +
    (filters.type !== null ? 1 : 0) +
    (filters.text.trim() !== '' ? 1 : 0)
  );
}

/**
 * Merges the REST list with the orders pushed live (by id): the newer `updatedAt` wins, an equal one keeps the live
 * copy (it arrived later). Orders only one side knows are kept. Unsorted.
 */
export function mergeWorkOrders(rest: readonly WorkOrder[], live: readonly WorkOrder[]): WorkOrder[] {
  const byId = new Map<string, WorkOrder>();
  for (const o of rest) byId.set(o.id, o);
  for (const o of live) {
    const known = byId.get(o.id);
    if (known === undefined || Date.parse(o.updatedAt) >= Date.parse(known.updatedAt)) byId.set(o.id, o);
  }
  return [...byId.values()];
}
