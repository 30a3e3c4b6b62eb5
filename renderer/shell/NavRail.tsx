import { useRuns } from '../state/runsStore';
import { useNav, type Screen } from '../state/navStore';

interface Item { screen: Screen; label: string; icon: string; title: string }

const ITEMS: Item[] = [
  { screen: 'design', label: 'Design', icon: '◇', title: 'Edit the network' },
  { screen: 'dataset', label: 'Dataset', icon: '▦', title: 'Choose and check the image folder' },
  { screen: 'train', label: 'Train', icon: '▶', title: 'Train and watch it learn' },
  { screen: 'runs', label: 'Runs', icon: '≡', title: 'Past runs: compare, results, export' },
  { screen: 'try', label: 'Try it', icon: '◎', title: 'Predict new images' },
];

/** The app's screens, down the left edge; Results belongs to Runs. A dot on Train while a run trains. */
export function NavRail() {
  const screen = useNav((s) => s.screen);
  const go = useNav((s) => s.go);
  const training = useRuns((s) => s.list?.some((r) => r.status === 'running') ?? false);
  const current = screen === 'results' ? 'runs' : screen;
  return (
    <nav className="rail" aria-label="Screens">
      {ITEMS.map((item) => (
        <button
          key={item.screen}
          type="button"
          className={item.screen === current ? 'rail__item rail__item--on' : 'rail__item'}
          aria-current={item.screen === current ? 'page' : undefined}
          data-testid={`nav-${item.screen}`}
          title={item.title}
          onClick={() => go(item.screen)}
        >
          <span className="rail__icon" aria-hidden="true">{item.icon}</span>
          <span className="rail__label">{item.label}</span>
          {item.screen === 'train' && training && <span className="rail__dot" aria-label="training" />}
        </button>
      ))}
    </nav>
  );
}
