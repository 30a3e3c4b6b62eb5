/** A design the last session left unsaved, found in the workspace's autosave. */
export interface AutosaveOffer {
  name: string;
  savedAt: number;
}

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "Restore unsaved design from HH:MM?" with Restore and Discard. */
export function RestoreBanner({ offer, onRestore, onDiscard }: { offer: AutosaveOffer; onRestore(): void; onDiscard(): void }) {
  return (
    <div className="banner banner--restore" role="alert" data-testid="restore-banner">
      <span>
        Restore unsaved design <strong>{offer.name}</strong> from {clock.format(offer.savedAt)}?
      </span>
      <button type="button" className="button--primary" data-testid="restore-accept" onClick={onRestore}>Restore</button>
      <button type="button" data-testid="restore-discard" onClick={onDiscard}>Discard</button>
    </div>
  );
}
