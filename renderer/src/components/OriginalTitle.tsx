/** The original or alternative title under a movie's title ("Le Fabuleux destin d'Amélie Poulain"). */
export function OriginalTitle({ title, large }: { title: string | undefined; large?: boolean }) {
  if (!title) return null;
  return (
    <p
      className="movie-original-title muted"
      lang=""
      style={{ margin: 0, fontStyle: 'italic', fontSize: large ? 17 : undefined }}
      data-testid="original-title"
    >
      {title}
    </p>
  );
}
