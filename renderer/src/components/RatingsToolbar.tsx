import { ratingSortLabels, type RatingSort } from '../util/rating-list';

interface Props {
  query: string;
  sort: RatingSort;
  onQuery: (query: string) => void;
  onSort: (sort: RatingSort) => void;
}

/** The My ratings page's search box and sort order. */
export function RatingsToolbar({ query, sort, onQuery, onSort }: Props) {
  return (
    <div className="filters">
      <label className="field">
        Find
        <input
          className="input"
          type="search"
          value={query}
          placeholder="Title or year"
          data-testid="ratings-search"
          onChange={(e) => onQuery(e.target.value)}
        />
      </label>
      <label className="field">
        Sort by
        <select
          className="select"
          value={sort}
          data-testid="ratings-sort"
          onChange={(e) => onSort(e.target.value as RatingSort)}
        >
          {(Object.keys(ratingSortLabels) as RatingSort[]).map((value) => (
            <option key={value} value={value}>
              {ratingSortLabels[value]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
