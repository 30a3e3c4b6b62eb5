"""Progressive resizing (`progressiveResize` in the job's config, `src/contract/progressiveResize.ts`): the
first epochs train on smaller images, each phase `epochs` long at `size` pixels high (the width scaled alike),
then the design's own size. The service has checked that the design's sizes stay valid at each phase."""


def size_at(phases, epoch, height, width):
    """(height, width) for `epoch` (0-based), or None where it trains at the design's own size."""
    end = 0
    for phase in phases or []:
        end += phase["epochs"]
        if epoch < end:
            return phase["size"], max(1, round(width * phase["size"] / height))
    return None
