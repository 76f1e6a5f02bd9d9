"""The study design, no Kedro: settings checks, scenarios and masks, replicates, splits and scalers."""
