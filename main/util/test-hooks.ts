/**
 * Tests cannot click a native dialog (Playwright's `_electron`) nor drop a folder into a browser:
 * MOVIE_ASSISTANT_STUB_IMPORT_PATH names the release folder or zip they import instead, as if
 * the person had picked it. Electron ignores it in a packaged build (see electron/dialogs.ts).
 */
export const STUB_IMPORT_PATH_ENV = 'MOVIE_ASSISTANT_STUB_IMPORT_PATH';

/**
 * The test hook's import path, or undefined when it is not set or the app is a packaged build
 * (Electron's `app.isPackaged`), where no environment variable may pick files for the person.
 */
export function stubImportPath(
  env: NodeJS.ProcessEnv = process.env,
  packaged = false,
): string | undefined {
  if (packaged) return undefined;
  return env[STUB_IMPORT_PATH_ENV] || undefined;
}
