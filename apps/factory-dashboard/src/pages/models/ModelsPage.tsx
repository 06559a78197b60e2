import { useState } from 'react';
import { Alert, Button, Typography } from '@mui/material';
import { PageFrame, Section } from '../../components/Section';
import { ApiErrorAlert } from '../../components/states';
import { useT } from '../../i18n/i18n';
import { AnomalyModelsTable } from './AnomalyModelsTable';
import { JobsTable } from './JobsTable';
import { messages } from './messages';
import { RulModelsTable } from './RulModelsTable';
import { TrainRulDialog } from './TrainRulDialog';
import { useModelsData } from './use-models-data';

/** /models: RUL and anomaly model versions with their metrics and champion, and the training jobs with live progress. */
export function ModelsPage() {
  const t = useT(messages);
  const data = useModelsData();
  const [training, setTraining] = useState(false);
  const [started, setStarted] = useState<string | null>(null);
  const loading = (state: { loading: boolean; data: unknown }) => state.loading && state.data === undefined;

  return (
    <PageFrame testId="page-models" title={t('title')} subtitle={t('subtitle')}>
      <Section
        title={t('jobsTitle')}
        testId="models-jobs"
        variant="page"
        align="center"
        aside={data.active ? <Typography variant="caption">{t('polling')}</Typography> : undefined}
      >
        <ApiErrorAlert error={data.rulJobs.error} testId="models-error" messages={messages} spaced />
        <ApiErrorAlert error={data.anomalyJobs.error} testId="models-error" messages={messages} spaced />
        {started && (
          <Alert severity="success" sx={{ mb: 1 }} onClose={() => setStarted(null)} data-testid="train-started">
            {t('trainStarted', { id: started })}
          </Alert>
        )}
        {loading(data.rulJobs) || loading(data.anomalyJobs) ? (
          <Typography>{t('loading')}</Typography>
        ) : (
          <JobsTable jobs={data.jobs} onChanged={data.reloadJobs} />
        )}
      </Section>
      <Section
        title={t('rulTitle')}
        testId="models-rul"
        variant="page"
        align="center"
        aside={
          <Button variant="contained" size="small" data-testid="train-open" onClick={() => setTraining(true)}>
            {t('train')}
          </Button>
        }
      >
        <ApiErrorAlert error={data.rulModels.error} testId="models-error" messages={messages} spaced />
        {loading(data.rulModels) ? <Typography>{t('loading')}</Typography> : <RulModelsTable groups={data.rulGroups} />}
      </Section>
      <Section title={t('anomalyTitle')} testId="models-anomaly" variant="page" align="center">
        {loading(data.anomalyJobs) ? <Typography>{t('loading')}</Typography> : <AnomalyModelsTable groups={data.anomalyGroups} />}
      </Section>
      <TrainRulDialog
        open={training}
        sources={data.sources}
        lastParams={data.lastParams}
        windows={data.windows}
        onClose={() => setTraining(false)}
        onStarted={(job) => {
          setTraining(false);
          setStarted(job.id);
          data.reloadJobs();
        }}
      />
    </PageFrame>
  );
}
