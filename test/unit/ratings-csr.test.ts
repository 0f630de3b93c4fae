import { datasetRatings, type RatingsOfDataset } from '../../main/core/ratings-csr';

/** Four ratings of three dataset users on three movies; the model knows two of each. */
function dataset(): RatingsOfDataset {
  return {
    movieIds: Int32Array.from([10, 20, 30]),
    userKeys: Int32Array.from([7, 8, 9]),
    ratings: {
      user: Int32Array.from([0, 0, 1, 2]),
      item: Int32Array.from([0, 2, 1, 2]),
      rating: Float32Array.from([4.5, 3, 5, 0.5]),
    },
  };
}
const model = { movieIds: Int32Array.from([20, 30]), userKeys: Int32Array.from([8, 9]) };

describe("the lists' index of every rating", () => {
  test('holds each rating as half stars, by user and by movie, in the model’s index spaces', () => {
    const { byUser, byItem } = datasetRatings(model, dataset());
    // dataset user 7 and movie 10 are unknown to the model: left out
    expect([...byUser.start]).toEqual([0, 1, 2]);
    expect([...byUser.cols]).toEqual([0, 1]);
    expect([...byUser.halfStars]).toEqual([10, 1]);
    expect([...byItem.start]).toEqual([0, 1, 2]);
    expect([...byItem.cols]).toEqual([0, 1]);
    expect([...byItem.halfStars]).toEqual([10, 1]);
  });

  test('built from arrays it may consume, it is the same index', () => {
    const consumed = dataset();
    expect(datasetRatings(model, consumed, { consume: true })).toEqual(
      datasetRatings(model, dataset()),
    );
    // the user and item arrays were reused for the model's indices rather than copied
    expect([...consumed.ratings.user]).toEqual([-1, -1, 0, 1]);
  });
});
