import { Component, type ErrorInfo, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { useT } from '../i18n/i18n';
import { layoutMessages } from './messages';

interface BoundaryProps {
  readonly children: ReactNode;
}

interface BoundaryState {
  readonly error: Error | null;
}

/**
 * Keeps a page's crash inside the page: the app bar and navigation stay, so the operator can go elsewhere. Mount it
 * keyed by the page (route id) so going to another page clears the error.
 */
export class PageErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('[dashboard] page crashed', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.error === null ? this.props.children : <PageCrashed message={this.state.error.message} />;
  }
}

function PageCrashed({ message }: { readonly message: string }) {
  const t = useT(layoutMessages);
  return (
    <Alert severity="error" data-testid="page-error">
      <AlertTitle>{t('pageCrashed')}</AlertTitle>
      {message}
    </Alert>
  );
}
