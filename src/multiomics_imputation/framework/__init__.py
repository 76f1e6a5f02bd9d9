"""The Kedro side: configuration, datasets, hooks, the DaskRunner, MLflow tracking and run profiles."""
