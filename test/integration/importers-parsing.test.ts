import { Readable } from 'node:stream';
import { parseMovieLensTitle, titleKey } from '../../main/catalogue/titles';
import { parseNumericFields, splitCsvLine } from '../../main/importers/fields';
import { readLines } from '../../main/importers/line-reader';

async function lines(chunks: (string | Buffer)[]): Promise<string[]> {
  const out: string[] = [];
  await readLines(
    Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))),
    (buf, start, end) => out.push(buf.toString('utf8', start, end)),
  );
  return out;
}

describe('the line reader', () => {
  it('splits across chunk boundaries, drops BOM and CR, keeps a last line without newline', async () => {
    expect(await lines(['\uFEFFa,b\r', '\nc,d\r\ne', ',f'])).toEqual(['a,b', 'c,d', 'e,f']);
    expect(await lines([Buffer.from([0xef, 0xbb]), Buffer.from([0xbf, 0x41, 0x0a])])).toEqual([
      'A',
    ]);
    expect(await lines(['x\n\ny\n'])).toEqual(['x', '', 'y']);
  });

  it('keeps multi-byte characters split between chunks intact', async () => {
    const bytes = Buffer.from('Amélie\n');
    expect(await lines([bytes.subarray(0, 3), bytes.subarray(3)])).toEqual(['Amélie']);
  });
});

describe('field splitting', () => {
  it('parses numeric fields straight from bytes', () => {
    const out = new Float64Array(4);
    const parse = (text: string, sep: string) => {
      const buf = Buffer.from(text);
      return [parseNumericFields(buf, 0, buf.length, sep.charCodeAt(0), sep.length, out), ...out];
    };
    expect(parse('1,2571,4.5,964982703', ',')).toEqual([4, 1, 2571, 4.5, 964982703]);
    expect(parse('196::242::3::881250949', '::')).toEqual([4, 196, 242, 3, 881250949]);
    expect(parse('1,2,3', ',')[0]).toBe(3);
    expect(parse('1,x,3,4', ',')[0]).toBe(-2);
    expect(parse('1:2::3::4', '::')[0]).toBe(-2);
    // text after a number's digits makes that field the one that is not a number
    expect(parse('1,1,4.0,1e20', ',')[0]).toBe(-4);
    expect(parse('1,2571x,4.5,964982703', ',')[0]).toBe(-2);
    expect(parse('1,2571,4.5.5,964982703', ',')[0]).toBe(-3);
    // a line that goes on past the fields wanted says how many it has; empty ones at its end none
    expect(parse('1,3,4,5,964981247', ',')[0]).toBe(5);
    expect(parse('196::242::3::881250949::7::8', '::')[0]).toBe(6);
    expect(parse('1,2,3,4,', ',')[0]).toBe(4);
    expect(parse('1,2,3,4,,', ',')[0]).toBe(4);
    expect(parse('1,2,3,4,,x', ',')[0]).toBe(6);
  });

  it('splits CSV with quotes, doubled quotes and empty fields', () => {
    expect(splitCsvLine('1,"Matrix, The (1999)",Action')).toEqual([
      '1',
      'Matrix, The (1999)',
      'Action',
    ]);
    expect(splitCsvLine('5000,"Say ""Hello"" (2003)",')).toEqual([
      '5000',
      'Say "Hello" (2003)',
      '',
    ]);
    expect(splitCsvLine(',,')).toEqual(['', '', '']);
    expect(() => splitCsvLine('1,"open')).toThrow(/not closed/);
  });
});

describe('titles', () => {
  it('reads MovieLens titles into natural order and a year', () => {
    expect(parseMovieLensTitle('Matrix, The (1999)')).toEqual({ title: 'The Matrix', year: 1999 });
    expect(parseMovieLensTitle("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)").title).toBe(
      "Amelie (Fabuleux destin d'Amélie Poulain, Le)",
    );
    expect(parseMovieLensTitle('Cité des enfants perdus, La (1995)').title).toBe(
      'La Cité des enfants perdus',
    );
    expect(parseMovieLensTitle('Babylon 5')).toEqual({ title: 'Babylon 5', year: null });
    expect(parseMovieLensTitle('Stranger Things (2016-)').year).toBe(2016);
  });

  it('gives the same key to different spellings of one title', () => {
    expect(titleKey('Matrix, The (1999)')).toBe('matrix');
    expect(titleKey('The Matrix')).toBe('matrix');
    expect(titleKey('Amélie')).toBe(
      titleKey("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)"),
    );
    expect(titleKey('Fast & Furious')).toBe(titleKey('Fast and Furious'));
    expect(titleKey('Alien')).not.toBe(titleKey('Aliens'));
  });
});
