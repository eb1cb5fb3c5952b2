"""What a city's operator runs: nginx, gunicorn, systemd units (not an app)."""
