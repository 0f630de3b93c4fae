import { useJobs, runningJob } from '../stores/jobs';
import { useNavigation, type Screen } from '../stores/navigation';
import { screenLabels } from '../util/place-names';

const items: Array<{ screen: Screen; icon: string }> = [
  { screen: 'forYou', icon: '✦' },
  { screen: 'search', icon: '⌕' },
  { screen: 'people', icon: '☺' },
  { screen: 'together', icon: '⚇' },
  { screen: 'taste', icon: '▥' },
  { screen: 'ratings', icon: '★' },
  { screen: 'model', icon: '⚙' },
  { screen: 'import', icon: '⇪' },
  { screen: 'about', icon: 'i' },
];

export function Sidebar({ disabled, screen }: { disabled: boolean; screen: Screen }) {
  const go = useNavigation((s) => s.go);
  const training = useJobs((s) => runningJob(s.jobs, ['finetune', 'pretrain']));
  const importing = useJobs((s) => runningJob(s.jobs, ['import', 'import-export']));
  return (
    <nav className="sidebar" aria-label="Main">
      <ul>
        {items.map((item) => (
          <li key={item.screen}>
            <button
              type="button"
              className="nav-item"
              aria-current={screen === item.screen ? 'page' : undefined}
              data-testid={`nav-${item.screen}`}
              disabled={disabled && item.screen !== 'import' && item.screen !== 'about'}
              title={screenLabels[item.screen]}
              onClick={() => go(item.screen)}
            >
              <span className="nav-icon" aria-hidden="true">
                {item.icon}
              </span>
              <span className="nav-label">
                {screenLabels[item.screen]}
                {item.screen === 'model' && training && <span className="faint"> · training</span>}
                {item.screen === 'import' && importing && <span className="faint"> · running</span>}
              </span>
              {((item.screen === 'model' && training) ||
                (item.screen === 'import' && importing)) && (
                <span className="nav-busy" aria-hidden="true" />
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
