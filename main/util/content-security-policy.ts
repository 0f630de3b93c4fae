/** Sources the renderer's Content-Security-Policy adds to 'self', per directive. */
export interface CspExtras {
  script?: string[];
  img?: string[];
  connect?: string[];
}

/**
 * The renderer's Content-Security-Policy, shared by the Electron shell (app://) and the local web
 * host: only the app's own origin, no plugins, no framing, no form posts. Styles allow inline
 * because chart libraries set style attributes.
 */
export function contentSecurityPolicyWith(extras: CspExtras = {}): string {
  const self = (more: string[] = []) => ["'self'", ...more].join(' ');
  return [
    "default-src 'self'",
    `script-src ${self(extras.script)}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src ${self(['data:', ...(extras.img ?? [])])}`,
    "font-src 'self' data:",
    `connect-src ${self(extras.connect)}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
