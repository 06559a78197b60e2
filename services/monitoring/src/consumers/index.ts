import type { ConsumerDef } from '@vigie/service-kit';
import type { MonitoringContext } from '../use-cases/monitoring-context';
import { anomaliesDetectedConsumer } from './anomalies-detected.consumer';
import { extractedFeaturesConsumer } from './extracted-features.consumer';
import { maintenancePlansConsumer } from './maintenance-plans.consumer';
import { preprocessedDataConsumer } from './preprocessed-data.consumer';
import { rulPredictionsConsumer } from './rul-predictions.consumer';
import { sensorDataConsumer } from './sensor-data.consumer';
import { workOrdersConsumer } from './work-orders.consumer';

export * from './count-events';

/** One consumer per topic, all in group 'monitoring'. */
export function monitoringConsumers(ctx: MonitoringContext): ConsumerDef<any>[] {
  // `any`: one consumer per topic, each typed by its own topic (as ServiceDefinition.consumers).
  return [
    sensorDataConsumer(ctx),
    preprocessedDataConsumer(ctx),
    extractedFeaturesConsumer(ctx),
    anomaliesDetectedConsumer(ctx),
    rulPredictionsConsumer(ctx),
    workOrdersConsumer(ctx),
    maintenancePlansConsumer(ctx),
  ];
}
