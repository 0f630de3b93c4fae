import { peekLines, type ReadContext } from './read-file';

/**
 * Which way round a file writes its dates with slashes. A spreadsheet rewrites an export's dates
 * in its country's way: "03/02/2021" is 3 February in Britain and 2 March in the United States.
 * One such date alone cannot tell, but a spreadsheet writes every date of the file the same way,
 * so any date with a day above 12 ("13/01/2021", "1/13/2021") tells for all of them.
 */
export type SlashedDateOrder = 'day-first' | 'month-first';

/** Lines read before deciding that a file writes no dates with slashes at all. */
const LOOK_AHEAD_LINES = 50;
/** A field that starts with a date with slashes (a time may follow). */
const SLASHED_FIELD = /(?:^|[,;\t"])\s*(\d{1,2})\/(\d{1,2})\/\d{4}(?=$|[\s,;\t"T])/g;

/**
 * The order the file's slashed dates are written in, from the first one that tells (a part above
 * 12), or null when none does or the file writes none (its first LOOK_AHEAD_LINES have none).
 * Reads the file apart from the import's progress; a file it cannot read is left to the reading
 * that follows, which names what is wrong.
 */
export async function slashedDateOrder(
  ctx: ReadContext,
  file: string,
): Promise<SlashedDateOrder | null> {
  let order: SlashedDateOrder | null = null;
  let slashed = false;
  await peekLines(ctx.source, file, (text, lineNo) => {
    for (const [, first, second] of text.matchAll(SLASHED_FIELD)) {
      slashed = true;
      if (Number(first) > 12) order = 'day-first';
      else if (Number(second) > 12) order = 'month-first';
      if (order) return true;
    }
    return !slashed && lineNo > LOOK_AHEAD_LINES;
  });
  return order;
}
