interface Props {
  genres: string[];
  max?: number;
  /** Genres shared with another movie (a similar list's seed): shown first, in the accent. */
  shared?: { genres: string[]; with: string };
}

export function GenreChips({ genres, max = 4, shared }: Props) {
  const isShared = new Set(shared?.genres ?? []);
  const listed = genres.filter((g) => g && g !== '(no genres listed)');
  const ordered = [
    ...listed.filter((g) => isShared.has(g)),
    ...listed.filter((g) => !isShared.has(g)),
  ];
  const shown = ordered.slice(0, max);
  if (shown.length === 0) return null;
  return (
    <div className="chips">
      {shown.map((g) => (
        <span
          key={g}
          className={isShared.has(g) ? 'chip chip-shared' : 'chip'}
          title={isShared.has(g) ? `Like ${shared?.with}` : undefined}
        >
          {g}
        </span>
      ))}
      {listed.length > shown.length && (
        <span className="chip">+{listed.length - shown.length}</span>
      )}
    </div>
  );
}
