import { countOf, formatCount, ordinal } from '../../../shared/counts';

export { countOf, formatCount, ordinal };

export function formatRating(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : value.toFixed(1);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 1) return `${Math.max(1, Math.round(seconds * 1000))} ms`;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Time left, rounded up to whole seconds: "about 0.4 s left" would promise too much. */
export function formatEta(seconds: number): string {
  return seconds < 60 ? `${Math.max(1, Math.ceil(seconds))} s` : formatDuration(seconds);
}

export function formatWhen(epochMs: number | null, now = Date.now()): string {
  if (epochMs === null) return 'never';
  const seconds = (now - epochMs) / 1000;
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(epochMs).toLocaleString();
}

export function decadeLabel(decade: number): string {
  return `${decade}s`;
}

/** Every decade from the first to the last counted, oldest first; a decade without any counts 0. */
export function everyDecade(
  counted: readonly { decade: number; count: number }[],
): { decade: number; label: string; count: number }[] {
  if (counted.length === 0) return [];
  const count = new Map(counted.map((d) => [d.decade, d.count]));
  const first = Math.min(...count.keys());
  const last = Math.max(...count.keys());
  return Array.from({ length: (last - first) / 10 + 1 }, (_, k) => {
    const decade = first + 10 * k;
    return { decade, label: decadeLabel(decade), count: count.get(decade) ?? 0 };
  });
}

export function percent(fraction: number | null): string {
  return fraction === null ? '–' : `${Math.round(fraction * 100)}%`;
}

const bands: Record<string, string> = {
  Action: '#c2410c',
  Adventure: '#b45309',
  Animation: '#0e7490',
  Children: '#0891b2',
  Comedy: '#ca8a04',
  Crime: '#44403c',
  Documentary: '#4d7c0f',
  Drama: '#7c2d12',
  Fantasy: '#7e22ce',
  'Film-Noir': '#1c1917',
  Horror: '#991b1b',
  IMAX: '#1d4ed8',
  Musical: '#db2777',
  Mystery: '#4338ca',
  Romance: '#be185d',
  'Sci-Fi': '#1d4ed8',
  Thriller: '#57534e',
  War: '#3f6212',
  Western: '#a16207',
};

/** The colour of a card's band: its first genre's, so a page of results reads at a glance. */
export function genreBand(genres: string[]): string {
  return bands[genres[0] ?? ''] ?? 'var(--accent)';
}

/** A large count said roughly and never overstated: 9,742 → "9,700+"; small counts exactly. */
export function roughCount(n: number): string {
  if (n < 1000) return formatCount(n);
  const step = 10 ** (Math.floor(Math.log10(n)) - 1);
  const rounded = Math.floor(n / step) * step;
  return rounded === n ? formatCount(n) : `${formatCount(rounded)}+`;
}

/** "2 minutes ago", "yesterday", in the person's own language. */
export function formatRelativeTime(epochMs: number, now = Date.now(), locale?: string): string {
  const seconds = (epochMs - now) / 1000;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['year', 365 * 86400],
    ['month', 30 * 86400],
    ['week', 7 * 86400],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(Math.round(seconds) || -1, 'second');
}

/** A day in the person's own way of writing dates ("21 Nov 2026", "Nov 21, 2026"). */
export function formatDay(when: string | number, locale?: string): string {
  const date = new Date(when);
  if (Number.isNaN(date.getTime())) return String(when);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

/**
 * When something happened, for a list of recent things: "Today, 23:31" and "Yesterday, 09:12"
 * tell a sitting's ratings apart; older ones are a day.
 */
export function formatMoment(epochMs: number, now = Date.now(), locale?: string): string {
  const date = new Date(epochMs);
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const daysAgo = Math.round((startOf(new Date(now)) - startOf(date)) / 86_400_000);
  if (daysAgo !== 0 && daysAgo !== 1) return formatDay(epochMs, locale);
  const day = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-daysAgo, 'day');
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(date);
  return `${day.charAt(0).toUpperCase()}${day.slice(1)}, ${time}`;
}
