import { useMemo } from 'react';
import { AlertList } from './components/AlertList';
import { AnomalyList } from './components/AnomalyList';
import { AssetGrid } from './components/assets/AssetGrid';
import { AssetStatusSummary } from './components/assets/AssetStatusSummary';
import { Header } from './components/Header';
import { Panel } from './components/Panel';
import { ServicesStrip } from './components/ServicesStrip';
import { StaleBanner } from './components/StaleBanner';
import { WorkOrdersTable } from './components/WorkOrdersTable';
import { useMonitoringSocket } from './hooks/use-monitoring-socket';
import { useNow } from './hooks/use-now';
import { countOpenWorkOrders } from './state/plant-state';

export function App() {
  const { plant, connection, lastMessageAt } = useMonitoringSocket();
  const now = useNow(30_000);
  const assetNames = useMemo(() => new Map(plant.assets.map((a) => [a.id, a.name])), [plant.assets]);
  const openCounts = useMemo(() => countOpenWorkOrders(plant), [plant]);
  // Counts are shown only once a snapshot says what "zero" means.
  const count = (n: number): number | undefined => (plant.synced ? n : undefined);

  return (
    <div className="app">
      <Header connection={connection} lastMessageAt={lastMessageAt} services={plant.services} synced={plant.synced} />
      {connection === 'reconnecting' && <StaleBanner lastMessageAt={lastMessageAt} />}
      <ServicesStrip services={plant.services} synced={plant.synced} />
      <main className="layout">
        <Panel
          title="Assets"
          count={count(plant.assets.length)}
          aside={<AssetStatusSummary assets={plant.assets} />}
          className="layout__assets"
        >
          <AssetGrid assets={plant.assets} openWorkOrders={openCounts} synced={plant.synced} />
        </Panel>
        <div className="layout__side">
          <Panel title="Active alerts" count={count(plant.alerts.length)} className="layout__alerts">
            <AlertList alerts={plant.alerts} assetNames={assetNames} synced={plant.synced} />
          </Panel>
          <Panel title="Recent anomalies" count={count(plant.recentAnomalies.length)} className="layout__anomalies">
            <AnomalyList anomalies={plant.recentAnomalies} assetNames={assetNames} />
          </Panel>
        </div>
        <Panel title="Open work orders" count={count(plant.workOrders.length)} className="layout__orders">
          <WorkOrdersTable workOrders={plant.workOrders} assetNames={assetNames} synced={plant.synced} now={now} />
        </Panel>
      </main>
    </div>
  );
}
