FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=grid_gov.settings.production
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs a key to import settings; the real one comes at run time.
RUN DJANGO_SECRET_KEY=build-only GRIDGOV_PERSONAL_DATA_KEY=build-only \
    DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 gridgov && mkdir -p /app/var && chown -R gridgov /app/var
USER gridgov
EXPOSE 8000
CMD ["gunicorn", "grid_gov.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
