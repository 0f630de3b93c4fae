import { useActiveReleaseName } from '../stores/catalogue';
import { useNavigation } from '../stores/navigation';

/**
 * After another release became the one the app learns from, the lists still come from the model
 * trained on the earlier data until a pretrain: says so, and where to pretrain. `lists`: the page
 * shows several lists (a movie's), else one (For you).
 */
export function TrainedElsewhere({
  trainedOn,
  lists = false,
  testId,
}: {
  trainedOn: string;
  lists?: boolean;
  testId: string;
}) {
  const release = useActiveReleaseName();
  const go = useNavigation((s) => s.go);
  return (
    <div className="alert info row" data-testid={testId}>
      <span>
        {lists ? 'These lists come' : 'This list comes'} from a model trained on {trainedOn}, not on{' '}
        {release ?? 'the release Movie Assistant now learns from'}:{' '}
        {lists ? 'they rank' : 'it ranks'} movies by what {trainedOn}&rsquo;s viewers watched and
        loved. Pretrain on the Model page to learn {release ? `from ${release}` : 'it'}.
      </span>
      <button type="button" className="button" onClick={() => go('model')}>
        Open Model
      </button>
    </div>
  );
}
