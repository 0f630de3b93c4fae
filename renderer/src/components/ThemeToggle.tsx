import { useTheme } from '../stores/theme';

const labels = { system: 'system', light: 'light', dark: 'dark' } as const;
const icons = { system: '◐', light: '☀', dark: '☾' } as const;

export function ThemeToggle() {
  const choice = useTheme((s) => s.choice);
  const cycle = useTheme((s) => s.cycle);
  return (
    <button
      type="button"
      className="button quiet"
      onClick={cycle}
      data-testid="theme-toggle"
      title="Switch theme"
      aria-label={`Theme: ${labels[choice]}`}
    >
      <span aria-hidden="true">{icons[choice]}</span> <span className="theme-word">Theme: </span>
      {labels[choice]}
    </button>
  );
}
