export function GenreChips({ genres, max = 4 }: { genres: string[]; max?: number }) {
  const shown = genres.filter((g) => g && g !== '(no genres listed)').slice(0, max);
  if (shown.length === 0) return null;
  return (
    <div className="chips">
      {shown.map((g) => (
        <span key={g} className="chip">
          {g}
        </span>
      ))}
      {genres.length > shown.length + (genres.includes('(no genres listed)') ? 1 : 0) && (
        <span className="chip">+{genres.length - shown.length}</span>
      )}
    </div>
  );
}
