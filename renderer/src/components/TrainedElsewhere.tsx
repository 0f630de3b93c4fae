import { useActiveReleaseName } from '../stores/catalogue';
import { useNavigation } from '../stores/navigation';

/** What the note is about: For you's list, a movie page's lists, or the people like you. */
type Subject = 'list' | 'lists' | 'people';

const opening: Record<Subject, string> = {
  list: 'This list comes',
  lists: 'These lists come',
  people: 'These matches come',
};

const ranking: Record<Subject, string> = {
  list: 'it ranks movies by',
  lists: 'they rank movies by',
  people: 'they guess your taste from',
};

/**
 * After another release became the one the app learns from, the lists still come from the model
 * trained on the earlier data until a pretrain: says so, and where to pretrain.
 */
export function TrainedElsewhere({
  trainedOn,
  subject,
  testId,
}: {
  trainedOn: string;
  subject: Subject;
  testId: string;
}) {
  const release = useActiveReleaseName();
  const go = useNavigation((s) => s.go);
  // a release's name is one word: "ml-latest-small" never breaks at its hyphens
  const trained = <span className="nowrap">{trainedOn}</span>;
  const learns = release ? <span className="nowrap">{release}</span> : null;
  return (
    <div className="alert info row" data-testid={testId}>
      <span>
        {opening[subject]} from a model trained on {trained}, not on{' '}
        {learns ?? 'the release Movie Assistant now learns from'}: {ranking[subject]} what {trained}
        &rsquo;s viewers watched and loved. Pretrain on the Model page to learn{' '}
        {learns ? <>from {learns}</> : 'it'}.
      </span>
      <button type="button" className="button" onClick={() => go('model')}>
        Open Model
      </button>
    </div>
  );
}
