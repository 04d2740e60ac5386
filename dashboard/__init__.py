"""The town office dashboard: figures, their rollup tables kept exact by triggers, and exports."""
