import {
  formatBytes,
  formatDay,
  formatMoment,
  formatDuration,
  formatEta,
  formatRelativeTime,
  formatWhen,
  everyDecade,
  genreBand,
  ordinal,
  percent,
  roughCount,
} from '../../renderer/src/util/format';

describe('formatting for people', () => {
  it('writes durations, sizes and shares readably', () => {
    expect(formatDuration(0.002)).toBe('2 ms');
    expect(formatDuration(3.04)).toBe('3.0 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatEta(0.3)).toBe('1 s');
    expect(formatBytes(2_500_000)).toBe('2.4 MB');
    expect(formatBytes(512)).toBe('512 B');
    expect(percent(0.876)).toBe('88%');
    expect(percent(null)).toBe('–');
    expect([1, 2, 3, 4, 11, 12, 13, 20, 21, 22, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '20th',
      '21st',
      '22nd',
      '111th',
    ]);
  });

  it('keeps a decade without ratings on the decades chart', () => {
    expect(everyDecade([])).toEqual([]);
    expect(
      everyDecade([
        { decade: 1990, count: 7 },
        { decade: 1960, count: 1 },
        { decade: 1970, count: 2 },
      ]),
    ).toEqual([
      { decade: 1960, label: '1960s', count: 1 },
      { decade: 1970, label: '1970s', count: 2 },
      { decade: 1980, label: '1980s', count: 0 },
      { decade: 1990, label: '1990s', count: 7 },
    ]);
  });

  it('says when, relative to now', () => {
    const now = 1_000_000_000;
    expect(formatWhen(null, now)).toBe('never');
    expect(formatWhen(now - 10_000, now)).toBe('just now');
    expect(formatWhen(now - 600_000, now)).toBe('10 min ago');
  });

  it('gives every card a band colour, even without a known genre', () => {
    expect(genreBand(['Horror'])).toMatch(/^#/);
    expect(genreBand([])).toBe('var(--accent)');
  });
});

describe('counts and times said for people', () => {
  it('says a large count roughly, never more than it is', () => {
    expect(roughCount(37)).toBe('37');
    expect(roughCount(9742)).toBe('9,700+');
    expect(roughCount(9700)).toBe('9,700');
    expect(roughCount(86_537)).toBe('86,000+');
  });

  it('says how long ago in the language asked for', () => {
    const now = Date.UTC(2026, 10, 21, 12);
    expect(formatRelativeTime(now - 2 * 60_000, now, 'en')).toBe('2 minutes ago');
    expect(formatRelativeTime(now - 86_400_000, now, 'en')).toBe('yesterday');
    expect(formatRelativeTime(now - 10_000, now, 'en')).toBe('10 seconds ago');
    expect(formatRelativeTime(now - 2 * 60_000, now, 'de')).toBe('vor 2 Minuten');
  });

  it('writes a day the locale’s way', () => {
    expect(formatDay('2026-11-21T10:00:00Z', 'en-GB')).toBe('21 Nov 2026');
    expect(formatDay('2026-11-21T10:00:00Z', 'en-US')).toBe('Nov 21, 2026');
    expect(formatDay('not a date', 'en-GB')).toBe('not a date');
  });

  it('says today and yesterday with the time, and a day before that', () => {
    const now = new Date(2026, 11, 5, 0, 20).getTime();
    expect(formatMoment(new Date(2026, 11, 5, 0, 5).getTime(), now, 'en-GB')).toBe('Today, 00:05');
    expect(formatMoment(new Date(2026, 11, 4, 23, 31).getTime(), now, 'en-GB')).toBe(
      'Yesterday, 23:31',
    );
    expect(formatMoment(new Date(2026, 11, 3, 23, 31).getTime(), now, 'en-GB')).toBe('3 Dec 2026');
  });
});
