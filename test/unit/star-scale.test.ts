import { membersScaleText, starScaleText } from '../../shared/star-scale';

describe('the note on a profile whose ratings run low or high', () => {
  it('speaks once the gap to everyone is three quarters of a star or more, from five ratings', () => {
    expect(starScaleText({ yours: 4.6, everyone: 3.5, rated: 12 })).toBe(
      "You rate higher than most: your ratings average 4.6★, everyone's 3.5★. Predicted stars are on your scale, so they run higher too.",
    );
    expect(starScaleText({ yours: 2.75, everyone: 3.5, rated: 5 })).toMatch(/^You rate lower/);
  });

  it('stays silent for a small gap, few ratings or no scale', () => {
    expect(starScaleText({ yours: 4.2, everyone: 3.5, rated: 50 })).toBeNull();
    expect(starScaleText({ yours: 1, everyone: 3.5, rated: 4 })).toBeNull();
    expect(starScaleText(null)).toBeNull();
  });
});

describe("watch together's note on members whose stars run low or high", () => {
  it('names them by side, without their averages', () => {
    expect(
      membersScaleText([
        { name: 'Ann', starsRun: 'lower' },
        { name: 'Bo', starsRun: null },
        { name: 'Cy', starsRun: 'lower' },
        { name: 'Di', starsRun: 'higher' },
      ]),
    ).toBe(
      'Ann and Cy rate lower than most, so their predicted stars run lower too. Di rates higher than most, so their predicted stars run higher too.',
    );
    expect(membersScaleText([{ name: 'Bo', starsRun: null }])).toBeNull();
  });
});
