# Production image: one image runs the web (gunicorn), the Celery worker and Celery beat.

# --- Front-end assets: GOV.UK Frontend compiled with the council's branding -------------------
# Node.js 22 LTS (Node 20 is out of support).
FROM node:22-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY static ./static
RUN mkdir -p static/dist/govuk \
 && cp -r node_modules/govuk-frontend/dist/govuk/assets/images static/dist/govuk/ \
 && cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/dist/govuk/ \
 && npm run --silent build:css

# --- The application ------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint renders with Pango; fonts are embedded in the packs it builds.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Only what production runs, each file checked against its hash (the test and lint tools are in dev.lock).
COPY requirements/prod.lock ./requirements/
RUN pip install --require-hashes -r requirements/prod.lock
COPY . .
COPY --from=assets /app/static/dist ./static/dist
# collectstatic needs settings, not secrets: a throwaway key for this build step only.
RUN SECRET_KEY=build-only-not-a-secret-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
    ALLOWED_HOSTS=build SITE_URL=https://build.invalid python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 council && mkdir -p /app/var && chown -R council /app/var
USER council
EXPOSE 8000
CMD ["gunicorn", "council.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
