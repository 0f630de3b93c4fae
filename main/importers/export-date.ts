import type { RowReader } from './text-rows';

/** Latest accepted time: 2100-01-01, in milliseconds. */
const MAX_TIME_MS = 4_102_444_800_000;
/** A rating's date may run this far ahead of the clock: a date without a time zone is local. */
const FUTURE_MARGIN_MS = 2 * 86_400_000;

/** Year first, as every export writes it: "2024-01-02", "2024/1/2", "2024-01-02 12:34:56". */
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=$|[T ])/;
/** Day first with dots, as spreadsheets in Germany and much of Europe rewrite a date. */
const DAY_DOT_MONTH = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const MONTH_NAME = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;
/** With slashes, day or month first as the file tells (slashed-dates.ts); a time may follow. */
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** An export's date (see datedOrNull), now when blank. */
export function exportDate(value: string | undefined, row: RowReader): number {
  return datedOrNull(value, row) ?? Date.now();
}

/**
 * A rating's time: its date, or, where the export gives none, now, marked undated: an undated
 * rating is never the newer one in a conflict with the profile's own.
 */
export function ratedAtOf(
  value: string | undefined,
  row: RowReader,
): { ratedAt: number; undated?: true } {
  const at = datedOrNull(value, row);
  if (at === null) return { ratedAt: Date.now(), undated: true };
  // A rating dated after today would win every conflict (newest wins) for years.
  if (at > Date.now() + FUTURE_MARGIN_MS)
    row.fail(
      `the date "${(value ?? '').trim()}" is after today: a rating cannot have been given then ` +
        "(is this computer's clock right?)",
    );
  return { ratedAt: at };
}

/**
 * An export's date, in milliseconds: seconds or milliseconds since 1970, a date written year
 * first (a time may follow), day first with dots ("02.01.2024", a spreadsheet's rewrite), with
 * slashes the way round the file's other dates tell, or with the month's name; null when blank.
 * Anything else is refused with the file and line rather than guessed: "1/2/2024" alone is 2
 * January in one country and 1 February in another, and a wrong date would decide which rating
 * wins a conflict.
 */
function datedOrNull(value: string | undefined, row: RowReader): number | null {
  const text = (value ?? '').trim();
  if (text === '') return null;
  const n = Number(text);
  if (Number.isFinite(n)) {
    const ms = n < 1e11 ? n * 1000 : n;
    if (ms < 0 || ms >= MAX_TIME_MS)
      row.fail(`the date ${text} is not a time (seconds or milliseconds since 1970, before 2100)`);
    return ms;
  }
  const slashed = SLASHED.exec(text);
  if (slashed) return slashedDate(slashed, text, row);
  const ms = parseDateText(text);
  if (ms === null || ms < 0 || ms >= MAX_TIME_MS)
    row.fail(
      `the date "${text}" cannot be read: Movie Assistant reads dates written year first, as ` +
        'the export writes them (2024-01-02); if a spreadsheet rewrote them, export the file again',
    );
  return ms;
}

function parseDateText(text: string): number | null {
  const yearFirst = YEAR_FIRST.exec(text);
  if (yearFirst) {
    const [, year, month, day] = yearFirst.map(Number);
    if (!isCalendarDate(year, month, day)) return null;
    const iso = `${year}-${pad(month)}-${pad(day)}${text.slice(yearFirst[0].length)}`;
    return parsedOrNull(iso);
  }
  const dayFirst = DAY_DOT_MONTH.exec(text);
  if (dayFirst) {
    const [, day, month, year] = dayFirst.map(Number);
    return isCalendarDate(year, month, day) ? Date.UTC(year, month - 1, day) : null;
  }
  return MONTH_NAME.test(text) && /\b\d{4}\b/.test(text) ? parsedOrNull(text) : null;
}

/** "03/02/2021 14:05" in the order the file writes its dates; refused when it does not tell. */
function slashedDate(parts: RegExpExecArray, text: string, row: RowReader): number {
  const [first, second, year, hours, minutes, seconds] = parts.slice(1).map((p) => Number(p ?? 0));
  const order = row.slashedDates;
  if (!order)
    row.fail(
      `the date "${text}" could be day first or month first, and no date in the file has a day ` +
        'above 12 to tell which; write the dates year first (2021-02-03) or export the file again',
    );
  const [day, month] = order === 'day-first' ? [first, second] : [second, first];
  const ms = Date.UTC(year, month - 1, day, hours, minutes, seconds);
  if (!isCalendarDate(year, month, day) || hours > 23 || minutes > 59 || seconds > 59)
    row.fail(
      `the date "${text}" is not a date when read ${order === 'day-first' ? 'day' : 'month'} ` +
        "first, as the file's other dates are written",
    );
  if (ms >= MAX_TIME_MS) row.fail(`the date "${text}" is after 2100`);
  return ms;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parsedOrNull(text: string): number | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

const pad = (n: number) => String(n).padStart(2, '0');
