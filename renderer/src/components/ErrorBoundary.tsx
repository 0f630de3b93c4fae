import { Component, type ErrorInfo, type ReactNode } from 'react';
import { readableError } from '../api/errors';

interface Props {
  children: ReactNode;
  /** Where the failure happened, in words ("this screen", "the app"). */
  scope?: string;
  /** Changing it clears a shown error, e.g. when the person moves to another screen. */
  resetKey?: unknown;
}

interface State {
  error: unknown;
  resetKey: unknown;
}

/** Shows a readable message and a way back instead of a blank window when rendering throws. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error ?? new Error('Unknown error') };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(
      'Movie Assistant could not show',
      this.props.scope ?? 'a screen',
      error,
      info.componentStack,
    );
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="card stack" data-testid="error-boundary">
        <h2>Something went wrong showing {this.props.scope ?? 'this screen'}</h2>
        <p className="muted">{readableError(this.state.error)}</p>
        <div className="row">
          <button
            type="button"
            className="button primary"
            onClick={() => this.setState({ error: null })}
          >
            Try again
          </button>
        </div>
      </div>
    );
  }
}
