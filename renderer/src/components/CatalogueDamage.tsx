import { useCatalogue } from '../stores/catalogue';

/**
 * Shown on every page while the catalogue file is known to be damaged: what was found and which
 * backup to restore. It stays until the app restarts on a sound catalogue.
 */
export function CatalogueDamage() {
  const damage = useCatalogue((s) => s.damage);
  if (!damage) return null;
  return (
    <div className="alert catalogue-damage" role="alert" data-testid="catalogue-damage">
      <p>
        <strong>Your catalogue file is damaged.</strong> Until it is restored, ratings may fail to
        save and lists may be incomplete.
      </p>
      <p className="catalogue-damage-detail">{damage}</p>
    </div>
  );
}
