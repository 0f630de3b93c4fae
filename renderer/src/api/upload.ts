import { TOKEN_HEADER, TOKEN_META_NAME, UPLOAD_PATH } from '../../../shared/frames';

/**
 * In a browser, a dropped file has no path the service can read: its bytes go to the local
 * host's upload endpoint first, which answers with a source name the import channels accept.
 */
export async function uploadFile(file: File, doc: Document = document): Promise<string> {
  const token = doc.querySelector(`meta[name="${TOKEN_META_NAME}"]`)?.getAttribute('content');
  if (!token)
    throw new Error(
      'Dropping files works in the app served by Movie Assistant; type the path instead.',
    );
  const response = await fetch(`${UPLOAD_PATH}?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: token, 'Content-Type': 'application/octet-stream' },
    body: file,
  });
  const text = await response.text();
  let body: { response?: { source?: unknown }; error?: { message?: unknown }; message?: unknown } =
    {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // A non-JSON answer is reported below by its status.
  }
  const source = body.response?.source;
  if (!response.ok || typeof source !== 'string') {
    const reason =
      body.error?.message ?? body.message ?? `${response.status} ${response.statusText}`;
    throw new Error(`Uploading ${file.name} failed: ${String(reason)}`);
  }
  return source;
}

/** Electron (32+) hides File.path; a preload may offer the path through webUtils instead. */
export function localPathOf(file: File): string | null {
  const bridge = (window as { movieAssistantFiles?: { pathForFile?: (f: File) => string } })
    .movieAssistantFiles;
  const viaBridge = bridge?.pathForFile?.(file);
  if (viaBridge) return viaBridge;
  const legacy = (file as File & { path?: string }).path;
  return legacy || null;
}
