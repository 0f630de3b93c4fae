/**
 * The licence terms a MovieLens release's README.txt states, verbatim: its "Usage License"
 * section and the "Citation" section that its terms refer to. Null when the README has none.
 */
export function releaseLicenceTerms(readme: string): string | null {
  const sections = splitSections(readme.replace(/\r\n/g, '\n'));
  const kept = sections.filter((s) => /^(usage licen[cs]e|citation)$/i.test(s.heading));
  if (!kept.some((s) => /^usage/i.test(s.heading))) return null;
  return kept.map((s) => s.text.trimEnd()).join('\n\n\n') + '\n';
}

/**
 * The text written beside the starter catalogue: what it is, then the release's own terms. One
 * line per paragraph, as the terms are written, so the About page wraps them all alike.
 */
export function starterLicenceText(release: string, starterFile: string, terms: string): string {
  const preface = [
    `${starterFile} is a transformation of the MovieLens ${release} data set by GroupLens Research`,
    '(University of Minnesota, https://grouplens.org/datasets/movielens/): the movies, ratings and',
    'tags that Movie Assistant’s pretrained model was trained on. It is redistributed under the',
    'same license conditions, quoted verbatim below from the data set’s README.txt. Movie Assistant',
    'does not state or imply any endorsement by the University of Minnesota or the GroupLens',
    'Research Group.',
  ].join(' ');
  return `${preface}\n\n\n${terms}`;
}

interface Section {
  heading: string;
  text: string;
}

/** Sections of a README whose headings are underlined with `=` (setext level 1). */
function splitSections(readme: string): Section[] {
  const lines = readme.split('\n');
  const starts: number[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (lines[i].trim() && /^=+\s*$/.test(lines[i + 1])) starts.push(i);
  }
  return starts.map((start, k) => ({
    heading: lines[start].trim(),
    text: lines.slice(start, k + 1 < starts.length ? starts[k + 1] : lines.length).join('\n'),
  }));
}
