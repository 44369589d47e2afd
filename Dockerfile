# Production image: gunicorn serves the app, whitenoise its static files.
# The same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var

WORKDIR /app
RUN useradd --create-home --uid 1000 cmsync

COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
RUN SECRET_KEY=build-only FIELD_ENCRYPTION_KEYS=YnVpbGQtb25seS1rZXktbm90LWEtc2VjcmV0LTAwMDA= \
       python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown -R cmsync /app/var

USER cmsync
EXPOSE 8000
CMD ["gunicorn", "cmsync.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
