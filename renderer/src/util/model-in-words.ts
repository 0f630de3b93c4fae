/**
 * What each model is, in one line for a person (the manifests' descriptions are for engineers).
 * A model without a line here shows its manifest description.
 */
const inWords: Record<string, string> = {
  'recency-hybrid':
    'It learns which movies the same people rated, and weighs your latest and favourite ratings most',
  'biased-mf': 'It places you and every movie on a map of tastes and suggests what lies near you',
  ncf: 'A neural network that learns your taste from the movies you and others rated',
  'feature-cnn': 'A neural network that reads titles, genres and tags as well as ratings',
  'conv-attn-lstm': 'A neural network that reads your ratings in the order you gave them',
  'kg-attn-lstm': 'A neural network that reads your ratings in order and what links the movies',
  'itemcf-seq': 'It suggests movies like the ones you rated, reading your ratings in order',
};

/** Said of a blend whose network reads the order of the ratings (recency-hybrid's sasrec part). */
function networkInWords(readsStars: boolean): string {
  const what = readsStars
    ? 'the order you rated in and the stars you gave'
    : 'the order you rated in';
  return `a neural network reads ${what} to guess what you want next`;
}

export function modelInWords(
  name: string,
  description: string | undefined,
  network: { readsOrder?: boolean; readsStars?: boolean } = {},
): string | undefined {
  const line = inWords[name] ?? description;
  return line && network.readsOrder && name === 'recency-hybrid'
    ? `${line}; ${networkInWords(!!network.readsStars)}`
    : line;
}

/** How the model learns from one person's ratings, in words for a person (undefined: not known). */
export function personalisationInWords(fineTunes: boolean | undefined): string | undefined {
  if (fineTunes === undefined) return undefined;
  return fineTunes
    ? 'Fine-tunes a personal layer on your ratings, on this computer, a moment after you rate'
    : 'Learns from your ratings instantly; no extra training per person';
}
