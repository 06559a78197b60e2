import { useState, type ReactNode } from 'react';
import { Alert, Box, Button, Paper, Stack, Typography } from '@mui/material';
import type { ApiError } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { AnomalyModelsTable } from './AnomalyModelsTable';
import { JobsTable } from './JobsTable';
import { messages } from './messages';
import { RulModelsTable } from './RulModelsTable';
import { TrainRulDialog } from './TrainRulDialog';
import { useModelsData } from './use-models-data';

function Section({ title, testId, action, children }: { title: string; testId: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Paper component="section" variant="outlined" data-testid={testId} sx={{ p: { xs: 1.5, sm: 2 }, minWidth: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 1, mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="h6" component="h2">
          {title}
        </Typography>
        {action}
      </Box>
      {children}
    </Paper>
  );
}

function Failure({ error }: { error: ApiError | undefined }) {
  const t = useT(messages);
  if (!error) return null;
  return (
    <Alert severity="error" sx={{ mb: 1 }} data-testid="models-error">
      {t('error', { code: error.code, message: error.message })}
    </Alert>
  );
}

/** /models: RUL and anomaly model versions with their metrics and champion, and the training jobs with live progress. */
export function ModelsPage() {
  const t = useT(messages);
  const data = useModelsData();
  const [training, setTraining] = useState(false);
  const [started, setStarted] = useState<string | null>(null);
  const loading = (state: { loading: boolean; data: unknown }) => state.loading && state.data === undefined;

  return (
    <Stack spacing={2} data-testid="page-models" sx={{ p: { xs: 1, sm: 2 }, minWidth: 0, maxWidth: '100%' }}>
      <Box>
        <Typography variant="h5" component="h1">
          {t('title')}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('subtitle')}
        </Typography>
      </Box>
      <Section
        title={t('jobsTitle')}
        testId="models-jobs"
        action={data.active ? <Typography variant="caption">{t('polling')}</Typography> : undefined}
      >
        <Failure error={data.rulJobs.error} />
        <Failure error={data.anomalyJobs.error} />
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
        action={
          <Button variant="contained" size="small" data-testid="train-open" onClick={() => setTraining(true)}>
            {t('train')}
          </Button>
        }
      >
        <Failure error={data.rulModels.error} />
        {loading(data.rulModels) ? <Typography>{t('loading')}</Typography> : <RulModelsTable groups={data.rulGroups} />}
      </Section>
      <Section title={t('anomalyTitle')} testId="models-anomaly">
        {loading(data.anomalyJobs) ? <Typography>{t('loading')}</Typography> : <AnomalyModelsTable groups={data.anomalyGroups} />}
      </Section>
      <TrainRulDialog
        open={training}
        sources={data.sources}
        lastParams={data.lastParams}
        onClose={() => setTraining(false)}
        onStarted={(job) => {
          setTraining(false);
          setStarted(job.id);
          data.reloadJobs();
        }}
      />
    </Stack>
  );
}
