import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  filterWorkOrders,
  foldText,
  mergeWorkOrders,
  NO_FILTERS,
  parseWorkOrderQuery,
  workOrderQueryParams,
  workOrderType,
  type WorkOrderQuery,
} from '../../src/pages/work-orders/filters';
import { workOrder } from '../fixtures';

const orders = [
  workOrder({ id: 'wo-1', assetId: 'P-101', priority: 'P1', status: 'requested', cause: 'anomaly', title: 'Roulement côté accouplement' }),
  workOrder({
    id: 'wo-2',
    assetId: 'P-101',
    priority: 'P3',
    status: 'in_progress',
    cause: 'manual',
    title: 'Resserrer la bride',
    assignedTo: 'Camille',
  }),
  workOrder({ id: 'wo-3', assetId: 'C-201', priority: 'P2', status: 'done', cause: 'rul', title: 'Replace belt', failureMode: 'wear-out' }),
  workOrder({
    id: 'wo-4',
    assetId: 'C-201',
    priority: 'P4',
    status: 'cancelled',
    cause: 'manual',
    title: 'Paint guard',
    description: 'Défaut de peinture',
  }),
];
const ids = (q: Partial<typeof NO_FILTERS>) => filterWorkOrders(orders, { ...NO_FILTERS, ...q }).map((o) => o.id);

describe('filterWorkOrders', () => {
  it('keeps everything without filters, in the given order', () => {
    expect(ids({})).toEqual(['wo-1', 'wo-2', 'wo-3', 'wo-4']);
  });
  it('filters by any of several statuses', () => {
    expect(ids({ statuses: ['requested', 'done'] })).toEqual(['wo-1', 'wo-3']);
  });
  it('filters by priority', () => {
    expect(ids({ priorities: ['P1', 'P2'] })).toEqual(['wo-1', 'wo-3']);
  });
  it('filters by asset', () => {
    expect(ids({ assetId: 'C-201' })).toEqual(['wo-3', 'wo-4']);
  });
  it('filters by type: predictive (anomaly, RUL) or corrective (manual)', () => {
    expect(ids({ type: 'predictive' })).toEqual(['wo-1', 'wo-3']);
    expect(ids({ type: 'corrective' })).toEqual(['wo-2', 'wo-4']);
  });
  it('searches every word, ignoring case and accents, across title, description, id, asset, assignee and failure mode', () => {
    expect(ids({ text: 'roulement COTE' })).toEqual(['wo-1']);
    expect(ids({ text: 'defaut' })).toEqual(['wo-4']);
    expect(ids({ text: 'camille' })).toEqual(['wo-2']);
    expect(ids({ text: 'wear' })).toEqual(['wo-3']);
    expect(ids({ text: 'wo-2' })).toEqual(['wo-2']);
    expect(ids({ text: 'belt guard' })).toEqual([]);
    expect(ids({ text: '   ' })).toEqual(['wo-1', 'wo-2', 'wo-3', 'wo-4']);
  });
  it('combines filters with AND', () => {
    expect(ids({ assetId: 'P-101', type: 'corrective', statuses: ['in_progress'] })).toEqual(['wo-2']);
    expect(ids({ assetId: 'P-101', priorities: ['P4'] })).toEqual([]);
  });
});

describe('URL query', () => {
  it('round-trips a full query and omits defaults', () => {
    const query: WorkOrderQuery = {
      view: 'board',
      filters: { statuses: ['requested', 'approved'], priorities: ['P1'], assetId: 'P-101', type: 'predictive', text: 'bearing noise' },
    };
    const params = workOrderQueryParams(query);
    expect(params.toString()).toBe('view=board&status=requested%2Capproved&priority=P1&asset=P-101&type=predictive&q=bearing+noise');
    expect(parseWorkOrderQuery(new URLSearchParams(params.toString()))).toEqual(query);
    expect(workOrderQueryParams({ view: 'list', filters: NO_FILTERS }).toString()).toBe('');
  });
  it('ignores values it does not know, and keeps canonical order', () => {
    const q = parseWorkOrderQuery(new URLSearchParams('view=kanban&status=done,bogus,requested&priority=P9,P2&type=other&asset=%20'));
    expect(q).toEqual({
      view: 'list',
      filters: { statuses: ['requested', 'done'], priorities: ['P2'], assetId: null, type: null, text: '' },
    });
  });
  it('counts active filters', () => {
    expect(activeFilterCount(NO_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...NO_FILTERS, statuses: ['done'], text: 'x', assetId: 'A' })).toBe(3);
  });
});

describe('mergeWorkOrders', () => {
  it('keeps the copy with the newest updatedAt, per id, and orders only one side knows', () => {
    const rest = [
      workOrder({ id: 'a', status: 'approved', updatedAt: '2025-01-10T09:00:00Z' }),
      workOrder({ id: 'b', status: 'planned', updatedAt: '2025-01-10T12:00:00Z' }),
      workOrder({ id: 'c', status: 'done', updatedAt: '2025-01-10T08:00:00Z' }),
    ];
    const live = [
      workOrder({ id: 'a', status: 'planned', updatedAt: '2025-01-10T10:00:00Z' }), // newer: wins
      workOrder({ id: 'b', status: 'approved', updatedAt: '2025-01-10T11:00:00Z' }), // older: loses
      workOrder({ id: 'd', status: 'requested', updatedAt: '2025-01-10T07:00:00Z' }),
    ];
    const merged = new Map(mergeWorkOrders(rest, live).map((o) => [o.id, o.status]));
    expect(Object.fromEntries(merged)).toEqual({ a: 'planned', b: 'planned', c: 'done', d: 'requested' });
  });
  it('prefers the live copy on a tie', () => {
    const at = '2025-01-10T09:00:00Z';
    const [only] = mergeWorkOrders(
      [workOrder({ id: 'a', title: 'rest', updatedAt: at })],
      [workOrder({ id: 'a', title: 'live', updatedAt: at })],
    );
    expect(only?.title).toBe('live');
  });
});

describe('helpers', () => {
  it('workOrderType and foldText', () => {
    expect(workOrderType({ cause: 'rul' })).toBe('predictive');
    expect(workOrderType({ cause: 'manual' })).toBe('corrective');
    expect(foldText('Échéance Dépassée')).toBe('echeance depassee');
  });
});
