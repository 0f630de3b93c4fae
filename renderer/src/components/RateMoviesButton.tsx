import { useNavigation } from '../stores/navigation';

/** An empty page's way out: the For you page, where a new profile is offered movies to rate. */
export function RateMoviesButton({ testId }: { testId: string }) {
  return (
    <button
      type="button"
      className="button primary"
      data-testid={testId}
      onClick={() => useNavigation.getState().go('forYou')}
    >
      Rate movies
    </button>
  );
}
