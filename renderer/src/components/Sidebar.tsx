import { useJobs, runningJob } from '../stores/jobs';
import { useNavigation, type Screen } from '../stores/navigation';

const items: Array<{ screen: Screen; label: string; icon: string }> = [
  { screen: 'forYou', label: 'For you', icon: '✦' },
  { screen: 'search', label: 'Search', icon: '⌕' },
  { screen: 'people', label: 'People like you', icon: '☺' },
  { screen: 'together', label: 'Watch together', icon: '⚇' },
  { screen: 'taste', label: 'Your taste', icon: '▥' },
  { screen: 'ratings', label: 'My ratings', icon: '★' },
  { screen: 'model', label: 'Model', icon: '⚙' },
  { screen: 'import', label: 'Import', icon: '⇪' },
  { screen: 'about', label: 'About', icon: 'i' },
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
              title={item.label}
              onClick={() => go(item.screen)}
            >
              <span className="nav-icon" aria-hidden="true">
                {item.icon}
              </span>
              <span className="nav-label">
                {item.label}
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
