"""The settings and URLs gunicorn runs under bench/bench_intake.py: the product's own, plus one bare view."""
