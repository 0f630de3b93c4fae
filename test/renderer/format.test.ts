import {
  formatBytes,
  formatDuration,
  formatEta,
  formatWhen,
  genreBand,
  percent,
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
