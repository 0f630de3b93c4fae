import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setApiClient } from './api/client';
import { connect } from './api/connect';
import { readableError } from './api/errors';
import { ErrorBoundary } from './components/ErrorBoundary';
import { applyTheme, useTheme } from './stores/theme';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';

applyTheme(useTheme.getState().choice);
const root = createRoot(document.getElementById('root')!);

try {
  setApiClient(connect());
  root.render(
    <StrictMode>
      <ErrorBoundary scope="Movie Assistant">
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <div className="centered-screen">
      <div className="card stack" role="alert" style={{ maxWidth: 520 }}>
        <h1>Movie Assistant cannot start</h1>
        <p>{readableError(error)}</p>
        <p className="muted">
          Start it with “movie-assistant serve” and open the address it prints.
        </p>
      </div>
    </div>,
  );
}
