import { addSpread, formatSpread } from '../../main/catalogue/rating-spread';
import { IdSpread } from '../../main/importers/id-tables';
import { RatingStats } from '../../main/importers/rating-stats';

describe('IdSpread: ratings per half star, per movie', () => {
  it('counts each half star of dense and huge ids, and zeros for an id never seen', () => {
    const spread = new IdSpread();
    spread.add(1, 8);
    spread.add(1, 8);
    spread.add(1, 1);
    spread.add(5000, 10, 3);
    spread.add(2 ** 30, 4);
    expect(spread.of(1)).toEqual([1, 0, 0, 0, 0, 0, 0, 2, 0, 0]);
    expect(spread.of(5000)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 3]);
    expect(spread.of(2 ** 30)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(spread.of(2)).toEqual(new Array(10).fill(0));
    expect(spread.of(10 ** 6)).toEqual(new Array(10).fill(0));
  });

  it('ignores a value that is no half star from 0.5 to 5', () => {
    const spread = new IdSpread();
    for (const half of [0, 11, 2.5, -1]) spread.add(3, half);
    expect(spread.of(3)).toEqual(new Array(10).fill(0));
  });

  it('merges another spread, as the parsing thread hands its statistics over', () => {
    const parsed = new RatingStats();
    parsed.add(7, 1, 9);
    parsed.add(8, 1, 9);
    parsed.add(7, 2 ** 30, 2);
    const moved = RatingStats.revive(structuredClone(parsed, { transfer: parsed.transferables() }));
    const writer = new RatingStats();
    writer.merge(moved);
    expect(writer.spread.of(1)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 2, 0]);
    expect(writer.spread.of(2 ** 30)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    // a second thread's spread adds to the first
    const more = new RatingStats();
    more.add(9, 1, 9);
    more.add(9, 3, 10);
    writer.merge(RatingStats.revive(structuredClone(more)));
    expect(writer.spread.of(1)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 3, 0]);
    expect(writer.spread.of(3)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(writer.spread.size).toBe(5);
  });
});

describe('the spread column', () => {
  it('round-trips and adds releases together; a malformed one adds nothing', () => {
    const total = new Array<number>(10).fill(0);
    addSpread(total, formatSpread([0, 0, 1, 0, 0, 0, 0, 2, 0, 5]));
    addSpread(total, '1,0,0,0,0,0,0,1,0,0');
    addSpread(total, null);
    addSpread(total, '1,2,3');
    expect(total).toEqual([1, 0, 1, 0, 0, 0, 0, 3, 0, 5]);
  });
});
