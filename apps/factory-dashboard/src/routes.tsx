import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * Every page of the dashboard, loaded on demand so the first page's bundle stays small (target ≤ 400 KB gzip).
 * `path` is the React Router pattern; `nav` pages appear in the side navigation in this order.
 */
export interface PageRoute {
  readonly id: 'overview' | 'map' | 'asset' | 'work-orders' | 'work-order' | 'planning' | 'models' | 'system';
  readonly path: string;
  readonly nav: boolean;
  readonly component: LazyExoticComponent<ComponentType>;
}

const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): LazyExoticComponent<ComponentType> =>
  lazy(() => load().then((m) => ({ default: m[name] })));

export const PAGE_ROUTES: readonly PageRoute[] = [
  { id: 'overview', path: '/', nav: true, component: page(() => import('./pages/overview/OverviewPage'), 'OverviewPage') },
  { id: 'map', path: '/map/:siteId?', nav: true, component: page(() => import('./pages/map/PlantMapPage'), 'PlantMapPage') },
  { id: 'asset', path: '/assets/:assetId', nav: false, component: page(() => import('./pages/asset/AssetPage'), 'AssetPage') },
  { id: 'work-orders', path: '/work-orders', nav: true, component: page(() => import('./pages/work-orders/WorkOrdersPage'), 'WorkOrdersPage') },
  { id: 'work-order', path: '/work-orders/:workOrderId', nav: false, component: page(() => import('./pages/work-orders/WorkOrderPage'), 'WorkOrderPage') },
  { id: 'planning', path: '/planning', nav: true, component: page(() => import('./pages/planning/PlanningPage'), 'PlanningPage') },
  { id: 'models', path: '/models', nav: true, component: page(() => import('./pages/models/ModelsPage'), 'ModelsPage') },
  { id: 'system', path: '/system', nav: true, component: page(() => import('./pages/system/SystemPage'), 'SystemPage') },
];
