/**
 * Ragged per-item id lists (a movie's genres, its title tokens) as fixed-width padded rows for a
 * batch: ids (B·width, padding = `padId`) and a 0/1 mask of the same size, so that a gathered
 * B × width × E tensor can be masked and summed or convolved on the backend.
 */
export interface RaggedIds {
  /** CSR start offsets (nRows + 1). */
  start: Int32Array;
  ids: Int32Array;
  width: number;
  padId: number;
}

export function raggedFromLists(
  lists: readonly (readonly number[])[],
  width: number,
  padId: number,
): RaggedIds {
  const start = new Int32Array(lists.length + 1);
  const ids: number[] = [];
  lists.forEach((l, r) => {
    for (const id of l.slice(0, width)) ids.push(id);
    start[r + 1] = ids.length;
  });
  return { start, ids: Int32Array.from(ids), width, padId };
}

/** Rows `rows` of the ragged lists, padded: ids and mask of rows.length × width. */
export function padRows(
  r: RaggedIds,
  rows: ArrayLike<number>,
): { ids: Int32Array; mask: Float32Array } {
  const ids = new Int32Array(rows.length * r.width).fill(r.padId);
  const mask = new Float32Array(rows.length * r.width);
  for (let b = 0; b < rows.length; b++) {
    const a = r.start[rows[b]];
    const n = Math.min(r.width, r.start[rows[b] + 1] - a);
    for (let k = 0; k < n; k++) {
      ids[b * r.width + k] = r.ids[a + k];
      mask[b * r.width + k] = 1;
    }
  }
  return { ids, mask };
}
