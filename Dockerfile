FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=grid_gov.settings.production
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/*
# The runtime lock alone, every file checked against its hash: no test tools here.
COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY . .
# collectstatic needs a key to import settings; the real one comes at run time.
RUN DJANGO_SECRET_KEY=build-only \
    GRIDGOV_PERSONAL_DATA_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(32))')" \
    DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 gridgov && mkdir -p /app/var && chown -R gridgov /app/var
USER gridgov
EXPOSE 8000
# Workers, timeouts and limits: gunicorn.conf.py (compose uses the same file).
CMD ["gunicorn", "-c", "gunicorn.conf.py", "grid_gov.wsgi:application"]
