# The tracker's image: one image, three commands (web, worker, beat); see compose.yaml and
# docs/operations.md. Front-end assets are built in a first stage so the image carries no Node.js.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/app/.venv
RUN pip install --no-cache-dir uv && useradd --create-home --uid 10001 tracker
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
COPY --from=assets /src/node_modules ./node_modules
ENV PATH=/app/.venv/bin:$PATH DJANGO_SETTINGS_MODULE=config.settings
# Static files hashed and compressed at build time, with throwaway settings (nothing secret in the image).
RUN python manage.py vendor_assets \
    && DEBUG=false SECRET_KEY=build-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
       ALLOWED_HOSTS=build STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput -v 0 \
    && rm -rf node_modules
# Every command connects with DATABASE_URL: give the web, worker and beat containers the runtime role
# (rows only); only the migration step gets the owner's DATABASE_MIGRATE_URL (compose.yaml, "migrate").
USER tracker
EXPOSE 8000
# Request metrics of every gunicorn worker, added up at each scrape (config/gunicorn.py empties it).
ENV PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus
# Liveness of the web command: the process answers. Worker and beat containers turn it off (compose.yaml).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# No access log: the app logs one JSON line per request without query strings or addresses.
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "2", "--timeout", "60"]
