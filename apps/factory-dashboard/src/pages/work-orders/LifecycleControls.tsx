import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ClosureCode, type WorkOrderStatus } from '@vigie/contracts';
import { ApiError } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { transitionActions, type TransitionAction } from './lifecycle';
import { messages } from './messages';

/** What closing asks for: a closure code (and optional note) for done, a reason for cancelled, nothing otherwise. */
export type ClosingFields =
  { readonly closureCode: ClosureCode; readonly closureNote?: string } | { readonly cancelReason: string } | Record<string, never>;

const asApiError = (err: unknown): ApiError => (err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', String(err)));

/**
 * One button per legal next status of `status` (`data-testid="transition-<status>"`); done opens a dialog requiring a
 * closure code (`closure-code`), cancelled one requiring a reason (`cancel-reason`), both confirmed with
 * `transition-confirm`. `onTransition` performs the change; what it throws (a 409 of the server…) is shown with its
 * code and message.
 */
export function LifecycleControls({
  status,
  onTransition,
}: {
  readonly status: WorkOrderStatus;
  readonly onTransition: (target: WorkOrderStatus, fields: ClosingFields) => Promise<void>;
}) {
  const t = useT(messages);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<TransitionAction | null>(null);
  const actions = transitionActions(status);

  const send = async (target: WorkOrderStatus, fields: ClosingFields) => {
    setBusy(true);
    setError(null);
    try {
      await onTransition(target, fields);
      setDialog(null);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {actions.length === 0 ? (
        <Typography color="text.secondary">{t('noTransition')}</Typography>
      ) : (
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
          {actions.map((a) => (
            <Button
              key={a.target}
              variant={a.target === 'cancelled' ? 'outlined' : 'contained'}
              color={a.target === 'cancelled' ? 'error' : 'primary'}
              disabled={busy}
              data-testid={`transition-${a.target}`}
              onClick={() => (a.input === 'none' ? void send(a.target, {}) : setDialog(a))}
            >
              {t(`transition.${a.target}`)}
            </Button>
          ))}
        </Stack>
      )}
      {error !== null && dialog === null && (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="transition-error">
          {t('transitionError', { code: error.code, message: error.message })}
        </Alert>
      )}
      {dialog !== null && (
        <ClosingDialog
          action={dialog}
          busy={busy}
          error={error}
          onCancel={() => {
            setDialog(null);
            setError(null);
          }}
          onConfirm={(fields) => void send(dialog.target, fields)}
        />
      )}
    </>
  );
}

/** Done asks for a closure code (and an optional note), cancelled for a reason; the order changes only on confirm. */
function ClosingDialog(props: {
  readonly action: TransitionAction;
  readonly busy: boolean;
  readonly error: ApiError | null;
  readonly onCancel: () => void;
  readonly onConfirm: (fields: ClosingFields) => void;
}) {
  const t = useT(messages);
  const closing = props.action.input === 'closure';
  const [code, setCode] = useState<ClosureCode | ''>('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const ready = closing ? code !== '' : reason.trim() !== '';
  const confirm = () => {
    if (!ready) return;
    if (closing)
      props.onConfirm(
        note.trim() === '' ? { closureCode: code as ClosureCode } : { closureCode: code as ClosureCode, closureNote: note.trim() },
      );
    else props.onConfirm({ cancelReason: reason.trim() });
  };
  return (
    <Dialog open onClose={props.onCancel} fullWidth maxWidth="sm">
      <DialogTitle>{closing ? t('closeTitle') : t('cancelTitle')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {closing ? (
            <>
              <TextField
                select
                required
                label={t('closeCodeLabel')}
                value={code}
                onChange={(e) => setCode(e.target.value as ClosureCode | '')}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'closure-code' } }}
              >
                <option value="" />
                {ClosureCode.options.map((c) => (
                  <option key={c} value={c}>
                    {t(`closure.${c}`)}
                  </option>
                ))}
              </TextField>
              <TextField
                multiline
                minRows={2}
                label={t('closeNoteLabel')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                slotProps={{ htmlInput: { 'data-testid': 'closure-note', maxLength: 2000 } }}
              />
            </>
          ) : (
            <TextField
              required
              multiline
              minRows={2}
              label={t('cancelReasonLabel')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              slotProps={{ htmlInput: { 'data-testid': 'cancel-reason', maxLength: 2000 } }}
            />
          )}
          {props.error !== null && (
            <Alert severity="error" data-testid="transition-error">
              {t('transitionError', { code: props.error.code, message: props.error.message })}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>{t('dialogCancel')}</Button>
        <Button variant="contained" disabled={!ready || props.busy} onClick={confirm} data-testid="transition-confirm">
          {t('dialogConfirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
