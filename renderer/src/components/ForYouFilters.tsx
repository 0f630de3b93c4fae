import { useCallback, useEffect, useState } from 'react';
import { useForYou } from '../stores/for-you';
import { DecadeSelect } from './DecadeSelect';
import { GenreSelect } from './GenreSelect';
import { PopularitySelect } from './PopularitySelect';
import { TagField } from './TagField';

export function ForYouFilters() {
  const filters = useForYou((s) => s.filters);
  const setFilters = useForYou((s) => s.setFilters);
  const [tag, setTag] = useState(filters.tag);
  useEffect(() => setTag(filters.tag), [filters.tag]);
  const settleTag = useCallback((settled: string) => setFilters({ tag: settled }), [setFilters]);
  return (
    <div className="filters" role="group" aria-label="Filters for your list">
      <GenreSelect
        value={filters.genre}
        testId="foryou-genre"
        onChange={(g) => setFilters({ genre: g })}
      />
      <DecadeSelect
        value={filters.decade}
        testId="foryou-decade"
        onChange={(decade) => setFilters({ decade })}
      />
      <PopularitySelect
        value={filters.minPopularity}
        testId="foryou-popularity"
        onChange={(minPopularity) => setFilters({ minPopularity })}
      />
      <TagField
        typed={tag}
        settled={filters.tag}
        onType={setTag}
        onSettle={settleTag}
        placeholder="any tag, e.g. heist"
        testId="foryou-tag"
      />
      <label className="field" style={{ minWidth: 200 }}>
        Variety:{' '}
        {filters.diversity === 0 ? 'best matches' : filters.diversity < 0.5 ? 'a little' : 'a lot'}
        <input
          type="range"
          min={0}
          max={1}
          step={0.1}
          value={filters.diversity}
          data-testid="foryou-diversity"
          onChange={(e) => setFilters({ diversity: Number(e.target.value) })}
        />
      </label>
    </div>
  );
}
