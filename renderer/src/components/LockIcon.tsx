/** A small padlock drawn inline: emoji fonts are not on every machine. */
export function LockIcon({ title = 'Locked' }: { title?: string }) {
  return (
    <svg
      width="13"
      height="14"
      viewBox="0 0 13 14"
      role="img"
      aria-label={title}
      style={{ verticalAlign: '-1px' }}
      data-testid="lock-icon"
    >
      <title>{title}</title>
      <path d="M3.5 6V4.5a3 3 0 0 1 6 0V6" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="1.5" y="6" width="10" height="7.5" rx="1.6" fill="currentColor" />
    </svg>
  );
}
