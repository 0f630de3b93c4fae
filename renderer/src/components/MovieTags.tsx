import { Fragment } from 'react';
import { useNavigation } from '../stores/navigation';
import { useSearch } from '../stores/search';

/** What viewers tagged a movie: each tag searches for the other movies given it. */
export function MovieTags({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  const search = (tag: string) => {
    useSearch.getState().lookUp(tag);
    useNavigation.getState().go('search');
  };
  return (
    <p className="muted" style={{ margin: 0 }} data-testid="movie-tags">
      Tagged:{' '}
      {tags.slice(0, 12).map((tag, k) => (
        <Fragment key={tag}>
          {k > 0 && ' · '}
          <button
            type="button"
            className="tag-link"
            title={`Movies tagged “${tag}”`}
            onClick={() => search(tag)}
          >
            {tag}
          </button>
        </Fragment>
      ))}
    </p>
  );
}
